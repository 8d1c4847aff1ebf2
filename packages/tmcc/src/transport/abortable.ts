// Promise helpers that settle early when a signal aborts, rejecting with its reason
// (a TmccError set by the session: TMCC_ABORTED, TMCC_TIMEOUT or TMCC_TOO_LARGE).

export function settleOrAbort<T>(
  signal: AbortSignal,
  onAbort: () => void,
  run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      onAbort();
      reject(signal.reason);
      return;
    }
    const abort = (): void => {
      onAbort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    run(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return settleOrAbort<void>(
    signal,
    () => clearTimeout(timer),
    (resolve) => {
      timer = setTimeout(resolve, ms);
    },
  );
}
