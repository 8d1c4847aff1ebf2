// A vnode's manager process (the tbvnode-manager bin, or `vnodesetup -d -b` in
// the foreground). It listens for the stop signals before its first await, logs
// to its own file synchronously, opens the host through core and runs core's
// manager over it.
import { createManagerLogger, createNodeDeps, hostPaths, listenForStopSignals, MANAGER_SIGNALS, runManager, StopRequests, vnodePaths, type VnodeId } from '@tbvnode/core';
import pino, { type Logger } from 'pino';
import { resolveBossEndpoint } from './boss.js';
import type { CliDeps } from './cli-deps.js';
import { openCliHost } from './host-runtime.js';
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
    const boss = await resolveBossEndpoint({ root: o.root, env: o.cli.env });
    const host = await openCliHost({ paths, deps, log }, o.cli, { backend: o.backend, boss });
    return await runManager(host.manager(o.vnodeId, { requests }));
  } finally {
    dispose();
  }
}
