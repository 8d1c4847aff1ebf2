// Ending a life: tell boss, stop the vnode, stop the proxy, then undo through
// the journal — the same path a crash recovery takes — and remove the config
// dir only when the decision says so and nothing is left in place. The vnode is
// stopped once: its handle's stop() is the start step's revert, journaled, so
// the undo below skips that step (it retries it only if the stop failed).
import path from 'node:path';
import type { Logger } from 'pino';
import type { VnodePaths } from '../paths/layout.js';
import { summarizeError } from '../errors/tbvnode-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { safeRemoveConfigDir } from '../fs/safe-remove.js';
import { undoJournal } from '../steps/undo.js';
import type { Teardown } from './lifecycle.js';
import type { ManagerParts } from './parts.js';
import type { StateReporter } from './state-reporter.js';
import type { Life } from './vnode-life.js';

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

// Throws when the undo could not finish (a busy mount): the caller exits non-zero
// and leaves the journal for the next vnodesetup -k.
export async function tearDown(
  td: Teardown,
  life: Life,
  p: ManagerParts,
  paths: VnodePaths,
  reporter: StateReporter,
  log: Logger,
): Promise<void> {
  const { deps } = p.host;
  log.info({ reason: life.reason.kind, undo: td.undo }, 'tearing the vnode down');
  if (td.state !== undefined) await reporter.report(td.state);
  // First, before the proxy goes: a vnode shutting down may still talk to boss.
  if (life.running) {
    try {
      await life.running.stop(p.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    } catch (err) {
      // Its step stays in the journal (undo-failed): the undo below tries it again.
      log.error({ err }, 'stopping the vnode failed; the undo will try again');
    }
  }
  if (life.proxy) await life.proxy.stop();
  await deps.fs.rm(paths.runningMarker, { force: true });
  // The console is what an operator reads to learn why a vnode died: a kill's undo
  // removes it with the config dir, so it is copied first (the vnode is stopped).
  if (td.removeConfigDir !== 'no') await keepConsoleLog(deps, paths, log);
  const report = await undoJournal({
    journalPath: paths.journal, mode: td.undo, registry: p.registry, deps, scope: p.vnodeId,
    ...(life.session === undefined ? {} : { session: life.session }),
  });
  log.info({ undone: report.undone.length, kept: report.kept.length }, 'undo finished');
  if (td.removeConfigDir === 'yes' || (td.removeConfigDir === 'if-empty' && report.kept.length === 0)) {
    await safeRemoveConfigDir(deps, paths.configDir);
    log.info({ dir: paths.configDir }, 'config dir removed');
  } else if (life.reason.kind === 'setup-failed') {
    // Kept (a halted vnode's disk): listed as failed until the next boot or -k.
    await writeFileAtomic(deps.fs, paths.failedMarker, `${summarizeError(life.reason.error).message}\n`, 0o600);
    log.warn({ kept: report.kept.length }, 'boot failed; the vnode is kept until -k');
  }
}

// Copies (never follows a link to) the console log into the host's logs dir,
// replacing the previous life's; a vnode that never printed has none.
async function keepConsoleLog(deps: ManagerParts['host']['deps'], paths: VnodePaths, log: Logger): Promise<void> {
  const st = await deps.fs.lstat(paths.consoleLog).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (st === null) return;
  if (!st.isFile()) {
    log.warn({ file: paths.consoleLog }, 'console log is not a regular file; not kept');
    return;
  }
  await deps.fs.mkdir(path.dirname(paths.keptConsoleLog), { recursive: true, mode: 0o755 });
  await writeFileAtomic(deps.fs, paths.keptConsoleLog, await deps.fs.readFile(paths.consoleLog), 0o640);
  log.info({ file: paths.keptConsoleLog }, 'console log kept');
}
