import { describe, expect, it } from 'vitest';
import { planKeep, planUndo } from '../../src/journal/plan-undo.js';
import type { StepRecord, StepStatus, UndoMode } from '../../src/journal/types.js';

// seq:session:phase:status[:adopted], e.g. '3:2:p:done'
function rec(spec: string): StepRecord {
  const [seq, session, phase, status, adopted] = spec.split(':');
  return {
    seq: Number(seq), session: Number(session), step: `s${seq}`,
    phase: phase === 'p' ? 'persistent' : 'runtime', params: {}, status: status as StepStatus,
    result: adopted === 'adopted' ? { adopted: true } : undefined,
  };
}

const seqs = (rs: StepRecord[]): number[] => rs.map((r) => r.seq);

// One boot: disk (persistent), mount, iface, process (runtime).
const FIRST_BOOT = ['1:1:p:done', '2:1:p:done', '3:1:r:done', '4:1:r:done', '5:1:r:begun'];
// Second boot after a halt: persistent from session 1 kept, new runtime in 2.
const SECOND_BOOT = ['1:1:p:done', '2:1:p:done', '3:1:r:undone', '4:1:r:undone', '6:2:r:done', '7:2:p:done', '8:2:r:failed'];

describe('planUndo', () => {
  it.each<[string, string[], UndoMode, number | undefined, number[]]>([
    ['failure on first boot undoes everything', FIRST_BOOT, 'failure', 1, [5, 4, 3, 2, 1]],
    ['failure on reboot keeps the older disk', SECOND_BOOT, 'failure', 2, [8, 7, 6]],
    // The failing boot's runtime steps are already undone and compacted: the newest
    // session left is the older boot's, which must not be mistaken for this one.
    ['failure after compaction keeps the older disk', ['1:1:p:done', '2:1:p:done'], 'failure', 2, []],
    ['failure before any step keeps the older disk', ['1:1:p:done', '2:1:p:done'], 'failure', undefined, []],
    ['failure keeps what the boot adopted', ['1:1:p:done', '2:2:p:done:adopted', '3:2:r:done'], 'failure', 2, [3]],
    ['kill removes what a boot adopted', ['1:1:p:done', '2:2:p:done:adopted'], 'kill', undefined, [2, 1]],
  ])('%s', (_name, specs, mode, session, want) => {
    expect(seqs(planUndo(specs.map(rec), mode, session))).toEqual(want);
  });

  it.each<[string, string[], UndoMode, number[]]>([
    ['empty journal', [], 'kill', []],
    ['kill undoes everything, newest first', FIRST_BOOT, 'kill', [5, 4, 3, 2, 1]],
    ['halt keeps persistent steps', FIRST_BOOT, 'halt', [5, 4, 3]],
    ['halt on reboot', SECOND_BOOT, 'halt', [8, 6]],
    ['kill on reboot skips undone steps', SECOND_BOOT, 'kill', [8, 7, 6, 2, 1]],
    ['undone steps are never planned', ['1:1:r:undone', '2:1:p:undone'], 'kill', []],
    ['a failed undo is retried', ['1:1:p:done', '2:1:r:undo-failed'], 'halt', [2]],
    ['half-done persistent steps go even on halt', ['1:1:p:done', '2:1:p:begun', '3:1:p:failed'], 'halt', [3, 2]],
    ['a crashed persistent undo is retried on kill', ['1:1:p:undo-failed'], 'kill', [1]],
    ['order is by seq, not input order', ['2:1:r:done', '1:1:r:done', '3:1:r:done'], 'halt', [3, 2, 1]],
  ])('%s', (_name, specs, mode, want) => {
    expect(seqs(planUndo(specs.map(rec), mode))).toEqual(want);
  });

  it.each<[UndoMode, number[]]>([
    ['halt', [1, 2]],
    ['kill', []],
    ['failure', []],
  ])('planKeep after %s', (mode, want) => {
    expect(seqs(planKeep(FIRST_BOOT.map(rec), mode, 1))).toEqual(want);
  });
});
