// Reverting journaled steps, newest first, recording each outcome. The first
// revert that fails stops the teardown: anything older may sit below it (a
// directory under a mount that is still busy), so touching it could destroy data.
import type { CoreDeps } from '../deps.js';
import { summarizeError } from '../errors/tbvnode-error.js';
import { appendJournal, compactJournal, readJournal } from '../journal/journal-file.js';
import { isInPlace, planUndo } from '../journal/plan-undo.js';
import type { StepRecord, UndoMode } from '../journal/types.js';
import { UndoIncompleteError, type StepFailedError } from './errors.js';
import type { StepRegistry } from './registry.js';
import type { StepEnv } from './types.js';

export interface UndoReport {
  /** Reverted by this call, newest first. */
  readonly undone: readonly StepRecord[];
  /** Still in place afterwards (kept by the mode), oldest first. */
  readonly kept: readonly StepRecord[];
}

export interface UndoJournalOptions {
  readonly journalPath: string;
  readonly mode: UndoMode;
  /** failure: the session of the boot that failed (its persistent steps go too). */
  readonly session?: number;
  readonly registry: StepRegistry;
  readonly deps: CoreDeps;
  /** For logs and errors. */
  readonly scope?: string;
  /** Set when this undo follows a failed step: carried into UndoIncompleteError. */
  readonly stepFailure?: StepFailedError;
}

/**
 * Revert `plan` (newest first) in order; throws UndoIncompleteError at the first failure.
 * stopTimeoutMs reaches each revert as StepEnv.stopTimeoutMs (a live handle's stop).
 */
export async function revertPlan(
  o: Omit<UndoJournalOptions, 'mode'> & { readonly plan: readonly StepRecord[]; readonly stopTimeoutMs?: number },
): Promise<StepRecord[]> {
  const { deps, journalPath } = o;
  const done: StepRecord[] = [];
  for (const [i, rec] of o.plan.entries()) {
    const log = deps.log.child({ scope: o.scope, step: rec.step, seq: rec.seq, undo: true });
    const env: StepEnv = { deps, log, record: async () => undefined, ...(o.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: o.stopTimeoutMs }) };
    try {
      const type = o.registry.get(rec.step);
      await type.revert(rec.params, rec.result, env);
    } catch (err) {
      log.error({ err }, 'undo failed; teardown stops here');
      await appendJournal(deps.fs, journalPath, [
        { v: 1, ev: 'undo-failed', seq: rec.seq, error: summarizeError(err), at: deps.clock.now() },
      ]);
      throw new UndoIncompleteError(rec, o.plan.slice(i), err, o.stepFailure);
    }
    await appendJournal(deps.fs, journalPath, [{ v: 1, ev: 'undone', seq: rec.seq, at: deps.clock.now() }]);
    log.debug('undone');
    done.push(rec);
  }
  return done;
}

/**
 * Undo what `mode` says from the journal on disk — the same path after a failure,
 * a signal or a crash — then compact the journal to what is still in place
 * (removing it when nothing is). Callers hold the vnode's lock.
 */
export async function undoJournal(o: UndoJournalOptions): Promise<UndoReport> {
  const snap = await readJournal(o.deps.fs, o.journalPath);
  const plan = planUndo(snap.records, o.mode, o.session);
  o.deps.log.info({ scope: o.scope, mode: o.mode, steps: plan.length }, 'undo');
  const undone = await revertPlan({ ...o, plan });
  const after = await readJournal(o.deps.fs, o.journalPath);
  const kept = after.records.filter(isInPlace);
  await compactJournal(o.deps.fs, o.journalPath, kept, after.session, o.deps.clock.now());
  return { undone, kept };
}
