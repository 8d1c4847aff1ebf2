// Something that is not there is often an answer, not an error: no pid file means
// no manager, no journal means nothing to undo, a /proc entry that vanished means
// the process is gone. `ifExists` turns exactly that absence (ENOENT, plus the
// codes a caller names, e.g. ESRCH for /proc) into a value and raises every other
// failure (EACCES, EIO, ELOOP), so a problem is never read as "absent".

/** Did `err` say "not there": ENOENT, or one of `also`? */
export function isAbsence(err: unknown, also: readonly string[] = []): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'ENOENT' || (typeof code === 'string' && also.includes(code));
}

/** `op`'s value, or `absent` (default undefined) when it failed because its object is not there. */
export async function ifExists<T, A = undefined>(op: Promise<T>, absent?: A, also: readonly string[] = []): Promise<T | A> {
  try {
    return await op;
  } catch (err) {
    if (isAbsence(err, also)) return absent as A;
    throw err;
  }
}

/** The same for synchronous reads (kill(2)-like checks that cannot await). */
export function ifExistsSync<T, A = undefined>(op: () => T, absent?: A, also: readonly string[] = []): T | A {
  try {
    return op();
  } catch (err) {
    if (isAbsence(err, also)) return absent as A;
    throw err;
  }
}
