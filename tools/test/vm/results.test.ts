import { describe, expect, it } from 'vitest';
import { countsLine, parseVitestJson, runStatus } from '../../src/vm/results.js';

const report = (o: object) => JSON.stringify({ numTotalTests: 3, numPassedTests: 2, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, ...o });

describe('VM run results', () => {
  it('counts tests and names failures, including files that failed to load', () => {
    const c = parseVitestJson(report({
      testResults: [
        { name: '/p/a.test.ts', status: 'failed', assertionResults: [{ status: 'passed', fullName: 'a ok' }, { status: 'failed', fullName: 'a breaks' }] },
        { name: '/p/b.test.ts', status: 'failed', message: 'Cannot find module x\nstack', assertionResults: [] },
        { name: '/p/c.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    }));
    expect(c).toMatchObject({ total: 3, passed: 2, failed: 1, skipped: 0, files: 3, failedFiles: 2 });
    expect(c.failures).toEqual(['a breaks', '/p/b.test.ts: Cannot find module x']);
    expect(countsLine(c)).toBe('2 passed, 1 failed, 0 skipped');
  });

  it('refuses what is not a vitest report', () => {
    expect(() => parseVitestJson('{"x":1}')).toThrow(/not a vitest json report/);
  });

  it.each([
    [0, { failed: 0, failedFiles: 0, total: 5 }, 0],
    [0, { failed: 1, failedFiles: 1, total: 5 }, 1],
    [0, { failed: 0, failedFiles: 1, total: 5 }, 1],
    [0, { failed: 0, failedFiles: 0, total: 0 }, 1],
    [2, { failed: 0, failedFiles: 0, total: 5 }, 2],
    [null, { failed: 0, failedFiles: 0, total: 5 }, 1],
    [0, null, 1],
  ])('guest rc %j with %j -> exit %i', (rc, counts, status) => {
    const c = counts && { passed: 0, skipped: 0, files: 1, failures: [], ...counts };
    expect(runStatus(rc, c)).toBe(status);
  });
});
