// What to undo, decided from the journal alone. Pure, table-tested.
import type { StepRecord, UndoMode } from './types.js';

/** Still (possibly partly) in place: begun, done, failed mid-apply, or an undo that failed. */
export function isInPlace(r: StepRecord): boolean {
  return r.status !== 'undone';
}

/** The latest session that began a step (0 when none). */
export function latestSession(records: readonly StepRecord[]): number {
  return records.reduce((max, r) => Math.max(max, r.session), 0);
}

/**
 * Records to revert, newest first.
 * halt: runtime steps, and persistent steps that never completed.
 * kill: everything still in place.
 * failure: as halt, plus persistent steps of the latest session (a failed first boot
 *   leaves nothing; a failed reboot keeps the disk an earlier boot made).
 */
export function planUndo(records: readonly StepRecord[], mode: UndoMode): StepRecord[] {
  const latest = latestSession(records);
  const wanted = (r: StepRecord): boolean => {
    if (!isInPlace(r)) return false;
    if (mode === 'kill' || r.phase === 'runtime') return true;
    // A persistent step is worth keeping only if it completed; a half-made disk is debris.
    if (r.status !== 'done') return true;
    return mode === 'failure' && r.session === latest;
  };
  return records.filter(wanted).sort((a, b) => b.seq - a.seq);
}

/** Records still in place that `mode` leaves alone (kept across a halt). */
export function planKeep(records: readonly StepRecord[], mode: UndoMode): StepRecord[] {
  const undo = new Set(planUndo(records, mode).map((r) => r.seq));
  return records.filter((r) => isInPlace(r) && !undo.has(r.seq));
}
