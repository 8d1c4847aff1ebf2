// One request's lifetime: merges the caller's AbortSignal, Emulab's no-progress
// watchdog (-t) and the reply size cap into one internal signal every wait obeys.
import { TmccError } from '../errors.js';

export interface Session {
  readonly signal: AbortSignal;
  /** Marks that a connection exists (Emulab's watchdog only extends once connected). */
  connected(): void;
  /** Counts reply bytes; trips TMCC_TOO_LARGE past the cap. */
  progress(bytes: number): void;
  fail(err: TmccError): void;
  stop(): void;
}

export function startSession(o: { signal?: AbortSignal; timeoutMs?: number; maxReplyBytes: number }): Session {
  const ctl = new AbortController();
  let isConnected = false;
  let total = 0;
  let seenAtTick = 0;
  let timer: NodeJS.Timeout | undefined;

  const fail = (err: TmccError): void => {
    if (!ctl.signal.aborted) ctl.abort(err);
  };
  const onUserAbort = (): void => fail(new TmccError('TMCC_ABORTED', 'request aborted', { cause: o.signal?.reason }));
  if (o.signal?.aborted) onUserAbort();
  else o.signal?.addEventListener('abort', onUserAbort, { once: true });

  const period = o.timeoutMs ?? 0;
  // Same rule as Emulab's alarm handler: at each tick keep going only if connected
  // and bytes arrived since the previous tick.
  const tick = (): void => {
    if (isConnected && total > seenAtTick) {
      seenAtTick = total;
      timer = setTimeout(tick, period);
      return;
    }
    fail(new TmccError('TMCC_TIMEOUT', 'Timed out because there was no progress!'));
  };
  if (period > 0) timer = setTimeout(tick, period);

  return {
    signal: ctl.signal,
    connected: () => {
      isConnected = true;
    },
    progress: (bytes) => {
      total += bytes;
      if (total > o.maxReplyBytes) {
        fail(new TmccError('TMCC_TOO_LARGE', `reply larger than ${o.maxReplyBytes} bytes`));
      }
    },
    fail,
    stop: () => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onUserAbort);
    },
  };
}
