// The one way to swallow an error on purpose. Some failures are answers: Emulab's
// tmcc reads an unreadable optional file as "not there", a torn log line is shown
// as it is. `why` is required so each such place says, where it happens, why
// nothing is lost; any failure that is not such an answer must not come here.
// Lives in tmcc (the bottom of the dependency graph) so every package can use it.

export function ignoreFailure<T, F>(op: Promise<T>, fallback: F, why: string): Promise<T | F>;
export function ignoreFailure<T, F>(op: () => T, fallback: F, why: string): T | F;
export function ignoreFailure<T, F>(op: Promise<T> | (() => T), fallback: F, _why: string): Promise<T | F> | T | F {
  if (typeof op !== 'function') return op.catch(() => fallback);
  try {
    return op();
  } catch {
    return fallback;
  }
}
