// Signals arrive at any time; the manager acts on them only between phases.
// This holds the strongest request seen and wakes whoever waits for one.
import { mergeRequest, requestForSignal, type StopRequest } from './lifecycle.js';

export class StopRequests {
  #pending: StopRequest | undefined;
  #waiters: Array<(r: StopRequest) => void> = [];

  get pending(): StopRequest | undefined {
    return this.#pending;
  }

  push(request: StopRequest): void {
    this.#pending = mergeRequest(this.#pending, request);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w(this.#pending);
  }

  // A signal name as Node reports it; unknown signals are ignored (returns false).
  pushSignal(signal: string): boolean {
    const r = requestForSignal(signal);
    if (r === undefined) return false;
    this.push(r);
    return true;
  }

  // Resolves with the pending request, now or when one arrives.
  next(): Promise<StopRequest> {
    if (this.#pending !== undefined) return Promise.resolve(this.#pending);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  // After a reboot has been served, the manager starts over with nothing pending.
  clear(): void {
    this.#pending = undefined;
  }
}

// The process-level wiring, kept apart so tests drive StopRequests directly.
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export function listenForStopSignals(
  source: SignalSource,
  signals: readonly NodeJS.Signals[],
  requests: StopRequests,
): () => void {
  const listener = (signal: NodeJS.Signals) => {
    requests.pushSignal(signal);
  };
  for (const s of signals) source.on(s, listener);
  return () => {
    for (const s of signals) source.off(s, listener);
  };
}
