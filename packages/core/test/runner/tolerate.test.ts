import { describe, expect, it } from 'vitest';
import { isTolerated, rejectsResult } from '../../src/runner/tolerate.js';
import type { RunOptions } from '../../src/runner/types.js';

const result = (exitCode: number | null, stderr = '', stdout = '') => ({ exitCode, stderr, stdout });

describe('rejectsResult', () => {
  it.each<[string, ReturnType<typeof result>, Pick<RunOptions, 'reject' | 'tolerate'>, boolean]>([
    ['success', result(0), {}, false],
    ['a failure', result(1, 'boom'), {}, true],
    ['a failure with reject false', result(1, 'boom'), { reject: false }, false],
    ['death by a signal', result(null), {}, true],
    ['a tolerated exit code', result(2), { tolerate: { exitCodes: [2] } }, false],
    ['another exit code', result(1), { tolerate: { exitCodes: [2] } }, true],
    ['tolerated stderr', result(2, 'RTNETLINK answers: File exists\n'), { tolerate: { output: /File exists/ } }, false],
    ['tolerated stdout (FreeBSD tools)', result(1, '', 'route: writing to routing socket: File exists\n'), { tolerate: { output: /File exists/ } }, false],
    ['other output', result(2, 'Operation not permitted'), { tolerate: { output: /File exists/ } }, true],
    ['a signal is no exit code', result(null), { tolerate: { exitCodes: [0, 1] } }, true],
  ])('%s', (_name, r, o, rejects) => {
    expect(rejectsResult(r, o)).toBe(rejects);
  });

  it('tolerates nothing when told nothing', () => {
    expect(isTolerated(result(1, 'File exists'), undefined)).toBe(false);
  });
});
