// Why and how one request is cut short. The first cause wins. The lean
// upstream path registers a plain cancel callback; only the tmcc library path
// and a wait for a concurrency slot need an AbortSignal, made on first use,
// so the common request allocates none.

export type StopCause = 'deadline' | 'client-gone' | 'client-slow' | 'stopped';

export class RequestStop {
  cause: StopCause | null = null;
  private ctl: AbortController | null = null;
  private cancel: (() => void) | null = null;

  stop(why: StopCause): void {
    if (this.cause !== null) return;
    this.cause = why;
    this.ctl?.abort(new Error(`request ${why}`));
    const cancel = this.cancel;
    this.cancel = null;
    cancel?.();
  }

  // Calls `cancel` when the request is stopped, at once if it already is.
  // One callback at a time: a later one replaces an earlier one.
  onStop(cancel: () => void): void {
    if (this.cause !== null) cancel();
    else this.cancel = cancel;
  }

  // An AbortSignal that fires with stop() (already aborted if stopped).
  signal(): AbortSignal {
    if (this.ctl === null) {
      this.ctl = new AbortController();
      if (this.cause !== null) this.ctl.abort(new Error(`request ${this.cause}`));
    }
    return this.ctl.signal;
  }
}
