// What to undo, decided from the journal alone. Pure, table-tested.
import type { StepRecord, UndoMode } from './types.js';

/** Still (possibly partly) in place: begun, done, failed mid-apply, or an undo that failed. */
export function isInPlace(r: StepRecord): boolean {
  return r.status !== 'undone';
}

/**
 * A persistent step's result may say it found its object already there and made
 * nothing (a root an earlier boot built): a failed boot keeps what it adopted.
 */
export interface AdoptedResult {
  readonly adopted: true;
}

function isAdopted(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { adopted?: unknown }).adopted === true;
}

/**
 * Records to revert, newest first.
 * halt: runtime steps, and persistent steps that never completed.
 * kill: everything still in place.
 * failure: as halt, plus the persistent steps that the failing boot (`session`)
 *   created; without a session, none. A failed first boot leaves nothing; a failed
 *   boot after a halt keeps the disk an earlier boot made. The session is named by
 *   the caller, never guessed from the journal: once this boot's steps are undone
 *   and compacted away, the newest session left is an older boot's.
 */
export function planUndo(records: readonly StepRecord[], mode: UndoMode, session?: number): StepRecord[] {
  const wanted = (r: StepRecord): boolean => {
    if (!isInPlace(r)) return false;
    if (mode === 'kill' || r.phase === 'runtime') return true;
    // A persistent step is worth keeping only if it completed; a half-made disk is debris.
    if (r.status !== 'done') return true;
    return mode === 'failure' && session !== undefined && r.session === session && !isAdopted(r.result);
  };
  return records.filter(wanted).sort((a, b) => b.seq - a.seq);
}

/** Records still in place that `mode` leaves alone (kept across a halt). */
export function planKeep(records: readonly StepRecord[], mode: UndoMode, session?: number): StepRecord[] {
  const undo = new Set(planUndo(records, mode, session).map((r) => r.seq));
  return records.filter((r) => isInPlace(r) && !undo.has(r.seq));
}
