// Pure: what a run left in the scratch share, read back into a summary.

export interface TestCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly files: number;
  readonly failedFiles: number;
  /** Names of failed tests and of files that failed to load. */
  readonly failures: readonly string[];
}

interface VitestJson {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTestSuites?: number;
  numFailedTestSuites?: number;
  testResults?: { name?: string; status?: string; message?: string; assertionResults?: { status?: string; fullName?: string }[] }[];
}

/** vitest's json reporter output -> counts. Throws on anything that is not one. */
export function parseVitestJson(text: string): TestCounts {
  const j = JSON.parse(text) as VitestJson;
  if (typeof j.numTotalTests !== 'number' || !Array.isArray(j.testResults)) throw new Error('not a vitest json report');
  const failures: string[] = [];
  for (const f of j.testResults) {
    const tests = f.assertionResults ?? [];
    for (const t of tests) if (t.status === 'failed') failures.push(t.fullName ?? '(unnamed)');
    if (f.status === 'failed' && !tests.some((t) => t.status === 'failed')) failures.push(`${f.name ?? '(file)'}: ${(f.message ?? '').split('\n')[0]}`);
  }
  return {
    total: j.numTotalTests,
    passed: j.numPassedTests ?? 0,
    failed: j.numFailedTests ?? 0,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
    files: j.testResults.length,
    failedFiles: j.testResults.filter((f) => f.status === 'failed').length,
    failures,
  };
}

/** The closing line every runner reader understands. */
export function countsLine(c: TestCounts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

/** 0 only when the command exited 0, a report exists and nothing failed or went missing. */
export function runStatus(rc: number | null, counts: TestCounts | null): number {
  if (rc === null || counts === null) return 1;
  if (rc !== 0) return rc;
  return counts.failed > 0 || counts.failedFiles > 0 || counts.total === 0 ? 1 : 0;
}
