// A test that cannot run here is skipped with a loud printed reason (STYLE.md):
// vitest's skipIf takes only a boolean, so these print the why and hand it back.
// tools/test/lint/skip-reasons.test.ts refuses a skip written without them.

/** The condition for `it.skipIf` / `describe.skipIf`; prints `reason` when it holds. */
export function skipBecause(skip: boolean, reason: string): boolean {
  if (skip) console.warn(`SKIPPING: ${reason}`);
  return skip;
}

/** `ctx.skip()` from inside a test, printing why first. */
export function skipNow(ctx: { skip(note?: string): never }, reason: string): never {
  console.warn(`SKIPPING: ${reason}`);
  return ctx.skip(reason);
}
