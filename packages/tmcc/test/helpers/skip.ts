// tmcc is the bottom of the package graph (test-fixtures depends on it), so its
// tests cannot use test-fixtures' skip helpers; these two print the same way.
export function skipBecause(skip: boolean, reason: string): boolean {
  if (skip) console.warn(`SKIPPING: ${reason}`);
  return skip;
}

/** `ctx.skip()` from inside a test, printing why first. */
export function skipNow(ctx: { skip(note?: string): never }, reason: string): never {
  console.warn(`SKIPPING: ${reason}`);
  return ctx.skip(reason);
}
