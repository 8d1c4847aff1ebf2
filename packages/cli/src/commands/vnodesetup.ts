// `vnodesetup -j|-i [-b|-k|-r|-h] [-d] [-t] <vnodeid>`: Emulab's per-vnode
// command. -b starts the vnode's manager and waits until the vnode runs (or the
// manager exits, or 60 s pass); -h/-k signal the manager and wait for its pid
// file to go; -r sends USR2. With no live manager, -h/-k undo its journal.
import { bootVnode, readManagerState, rebootVnode, stopVnode, vnodePaths } from '@tbvnode/core';
import { lastError } from '../logs/log-lines.js';
import { readTail } from '../logs/read-tail.js';
import { EXIT } from '../errors/exit-status.js';
import { toVnodesetupRequest, type VnodesetupFlags, type VnodesetupRequest } from '../options/vnodesetup-options.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime } from '../runtime/host-runtime.js';
import { managerOptions, staleOptionsWarning } from '../runtime/manager-options.js';
import { createCliLogger } from '../runtime/logger.js';
import { runManagerMode } from '../runtime/manager-mode.js';
import { backendFor, createVnodeRuntime } from '../runtime/vnode-runtime.js';
import { resolveSettings } from '../settings/settings.js';
import { baseProgram, guard, parseArgs } from './common.js';

const HELP_AFTER = `
Exit status: 0 when the vnode is running (-b, -r) or stopped (-h, -k); the
manager's own status when it exits during -b; 1 when -b gives up waiting; see
the README of @tbvnode/cli for the full table.

Files (under --root): var/run/tbvnode-<id>.pid, var/emulab/jails/<id>/,
var/emulab/logs/tbvnode-<id>.log. Boss: BOSSNAME or etc/emulab/bossnode.`;

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = baseProgram('vnodesetup', deps)
    .description('boot, halt, reboot or kill one virtual node (Emulab vnodesetup)')
    .helpOption('--help', 'show this help')
    .usage('-j|-i [-b|-k|-r|-h] [-d] [-t] <vnodeid>')
    .argument('<vnodeid>', 'the vnode, e.g. pcvm1-1 (letters, digits, - and _)')
    .option('-j', 'a real vnode on the configured backend (jail, container)')
    .option('-i', "Emulab's fake vnode: the built-in process backend")
    .option('-p', 'PlanetLab vnode (not supported)')
    .option('-b', 'boot the vnode (default)')
    .option('-h', 'halt: stop the vnode, keep its disk for the next boot')
    .option('-r', 'reboot the vnode in its running manager (USR2)')
    .option('-k', 'kill: stop the vnode and remove everything it had')
    .option('-d', 'debug: run the manager in the foreground, log at debug level')
    .option('-t', 'timestamps in the log (always on: log lines carry a time)')
    .option('-s', 'interactive jail (accepted for compatibility; ignored)')
    .option('-V', 'vcnet routes (accepted for compatibility; ignored)')
    .option('-e', 'use an existing config dir (accepted; the journal decides)')
    .option('--wait <seconds>', 'how long -b/-r wait for the vnode to run (default 60)')
    .option('--stop-wait <seconds>', 'how long -h/-k wait for the manager to exit (default 30)')
    .addHelpText('after', HELP_AFTER);
  program.action(() => undefined);
  const early = parseArgs(program, argv);
  if (early !== undefined) return early;
  return guard('vnodesetup', deps, async () => {
    const request = toVnodesetupRequest(program.opts<VnodesetupFlags>(), program.args);
    return run(request, deps);
  });
}

async function run(req: VnodesetupRequest, deps: CliDeps): Promise<number> {
  const settings = resolveSettings({ flags: { root: req.root, backend: req.backend }, env: deps.env, platform: deps.platform });
  const backend = backendFor(req.kind, settings.backend);
  // -d -b: the manager runs here, in the foreground (as tbvnode-manager does detached).
  if (req.debug && req.action === 'boot') {
    return runManagerMode({ vnodeId: req.vnodeId, root: settings.root, backend, debug: true, cli: deps, foreground: true });
  }
  const log = createCliLogger(deps.stderr, req.debug, deps.stderrIsTTY === true);
  const rt = createHostRuntime(settings.root, log, deps);
  const vr = await createVnodeRuntime({
    rt,
    kind: req.kind,
    backend: settings.backend,
    timing: { bootWaitMs: req.bootWaitMs, stopWaitMs: req.stopWaitMs },
    debug: req.debug,
    cli: deps,
    bossOptional: req.action === 'halt' || req.action === 'kill',
  });
  const t0 = Date.now();
  // A failed boot says why, inline, with the log to read next.
  const explain = async (status: number): Promise<number> => {
    if (status === 0) return status;
    const file = vnodePaths(rt.paths, req.vnodeId).managerLog;
    const err = lastError((await readTail(file)) ?? '', t0);
    deps.stderr.write(`*** vnodesetup: ${req.action} ${req.vnodeId} failed: ${err?.reason ?? 'no error in its log'} — log: ${file}\n`);
    return status;
  };
  switch (req.action) {
    case 'boot':
      return explain((await bootVnode(vr.ctx, req.vnodeId, { ifRunning: 'restart' })).status);
    case 'reboot': {
      const manager = await readManagerState(rt.deps, vnodePaths(rt.paths, req.vnodeId).pidFile, req.vnodeId);
      if (manager.kind === 'running') {
        const running = await managerOptions(manager.pid, deps.platform);
        const warning = running.known
          ? staleOptionsWarning(req.vnodeId, req.kind === 'fake' ? '-i' : '-j', running.value, deps.env['TBVNODE_BACKEND_OPTIONS'])
          : undefined;
        if (warning !== undefined) deps.stderr.write(`${warning}\n`);
      }
      return explain((await rebootVnode(vr.ctx, req.vnodeId)).status);
    }
    case 'halt':
    case 'kill':
      await stopVnode(vr.ctx, req.vnodeId, req.action);
      return EXIT.OK;
  }
}
