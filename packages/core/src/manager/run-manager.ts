// The vnode manager: one long-lived process per vnode (vnodesetup starts it as
// a session leader). It owns the pid file and the signal contract of DESIGN.md
// and loops over lives of the vnode until a halt, a kill or a failure.
import { isRealDir } from '../fs/safe-remove.js';
import { vnodePaths } from '../paths/layout.js';
import { undoJournal } from '../steps/undo.js';
import { MANAGER_SIGNALS, teardownFor } from './lifecycle.js';
import type { ManagerParts } from './parts.js';
import { createStateReporter } from './state-reporter.js';
import { listenForStopSignals, StopRequests } from './stop-requests.js';
import { tearDown } from './teardown.js';
import { liveOnce } from './vnode-life.js';

// Resolves with the manager's exit status: 0 after a halt, kill or a freed node;
// 1 when setup failed, the vnode died on its own, or teardown could not finish.
export async function runManager(p: ManagerParts): Promise<number> {
  const paths = vnodePaths(p.host.paths, p.vnodeId);
  const log = p.host.log.child({ vnode: p.vnodeId });
  const requests = p.requests ?? new StopRequests();
  // Listen before anything else: a signal must never kill us with the default action.
  const dispose = p.signals ? listenForStopSignals(p.signals, MANAGER_SIGNALS, requests) : () => undefined;
  const reporter = createStateReporter(p.tmcc, log);
  try {
    await p.pidFile.write();
    log.info({ pid: p.host.deps.proc.selfPid }, 'manager started');
    await p.host.deps.fs.mkdir(paths.configDir, { recursive: true, mode: 0o755 });
    // mkdir -p accepts a symlink to a directory; the journal must not live behind one.
    await isRealDir(p.host.deps, paths.configDir);
    // A previous manager that crashed left runtime steps (processes, mounts) behind.
    await undoJournal({ journalPath: paths.journal, mode: 'halt', registry: p.registry, deps: p.host.deps, scope: p.vnodeId });
    for (;;) {
      const life = await liveOnce(p, paths, requests, reporter, log);
      const td = teardownFor(life.reason);
      await tearDown(td, life, p, paths, reporter, log);
      if (!td.bootAgain) {
        log.info({ exitCode: td.exitCode, reason: life.reason.kind }, 'manager done');
        return td.exitCode;
      }
      // A halt or kill that arrived while rebooting wins over booting again.
      const after = requests.pending;
      requests.clear();
      if (after === 'halt' || after === 'kill') {
        const td2 = { ...teardownFor({ kind: 'request', request: after }), state: undefined };
        await tearDown(td2, { reason: { kind: 'request', request: after } }, p, paths, reporter, log);
        return td2.exitCode;
      }
      log.info('rebooting the vnode');
    }
  } catch (err) {
    log.error({ err }, 'manager failed; the journal keeps what is still in place');
    return 1;
  } finally {
    dispose();
    await p.pidFile.remove();
  }
}
