// `vnodesetup --manager`: this process is a vnode's manager. It listens for the
// stop signals before its first await, logs to its own file synchronously, and
// hands the parts to core's runManager.
import {
  composeManager,
  createManagerLogger,
  createNodeDeps,
  createStepRegistry,
  builtinStepTypes,
  hostPaths,
  listenForStopSignals,
  MANAGER_SIGNALS,
  prepareHostOnce,
  runManager,
  StopRequests,
  vnodePaths,
  type VnodeId,
} from '@tbvnode/core';
import pino, { type Logger } from 'pino';
import { resolveBossEndpoint } from './boss.js';
import type { CliDeps } from './cli-deps.js';
import { bootIdReader, loadHostBackend } from './host-runtime.js';
import { createLocking } from './locking.js';
import { readableStream } from './logger.js';

function teeLogger(file: string, level: string, cli: CliDeps): Logger {
  const dest = pino.destination({ dest: file, sync: true, mkdir: true, append: true });
  return pino({ level }, pino.multistream([{ stream: dest, level: 'trace' }, { stream: readableStream(cli.stderr), level: 'trace' }]));
}

export async function runManagerMode(o: {
  vnodeId: VnodeId;
  root: string;
  backend: string;
  debug: boolean;
  cli: CliDeps;
  // `vnodesetup -d`: an operator watches; the log also goes to the terminal, readable.
  foreground?: boolean;
}): Promise<number> {
  const requests = new StopRequests();
  const dispose = listenForStopSignals(o.cli.signals, MANAGER_SIGNALS, requests);
  try {
    const paths = hostPaths(o.root);
    const file = vnodePaths(paths, o.vnodeId).managerLog;
    const level = o.debug ? 'debug' : 'info';
    const log = o.foreground ? teeLogger(file, level, o.cli) : createManagerLogger({ file, level });
    const deps = createNodeDeps({ log, platform: o.cli.platform, env: o.cli.env });
    const rt = { paths, deps, log };
    const boss = await resolveBossEndpoint({ root: o.root, env: o.cli.env });
    const loaded = await loadHostBackend(rt, o.backend, { bossName: boss.bossnode }, o.cli);
    const locking = createLocking(rt);
    const hostRegistry = createStepRegistry(builtinStepTypes, loaded.backend.stepTypes);
    const bootId = bootIdReader(rt, o.cli.platform);
    const parts = composeManager({
      vnodeId: o.vnodeId,
      backend: loaded.backend,
      host: loaded.host,
      boss,
      requests,
      prepareHost: async () => {
        await prepareHostOnce({
          host: loaded.host, backend: loaded.backend, registry: hostRegistry,
          withHostLock: (fn) => locking.withHostLock(fn),
          ...(bootId ? { bootId } : {}),
        });
      },
    });
    return await runManager(parts);
  } finally {
    dispose();
  }
}
