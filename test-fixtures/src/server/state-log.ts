// Every `state X` a caller reported, in order, and event-driven waiting for
// one with a deadline (tests never poll or sleep).
import { EventEmitter } from 'node:events';
import { BossError } from '../errors.js';

export interface StateRecord {
  vnodeId: string;
  state: string;
  at: number;
}

export class StateLog {
  readonly #records: StateRecord[] = [];
  readonly #events = new EventEmitter();
  readonly #now: () => number;
  #stopped = false;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    // Many concurrent waiters (100 vnodes) are normal here.
    this.#events.setMaxListeners(0);
  }

  record(vnodeId: string, state: string): StateRecord {
    const rec = { vnodeId, state, at: this.#now() };
    this.#records.push(rec);
    this.#events.emit('state', rec);
    return rec;
  }

  list(vnodeId?: string): StateRecord[] {
    return this.#records.filter((r) => vnodeId === undefined || r.vnodeId === vnodeId).map((r) => ({ ...r }));
  }

  // Resolves once `vnodeId` has reported `state` for the nth time (1 =
  // first; already, or later), e.g. nth 2 for ISUP after a reboot.
  waitFor(vnodeId: string, state: string, timeoutMs: number, nth = 1): Promise<StateRecord> {
    const matches = (r: StateRecord): boolean => r.vnodeId === vnodeId && r.state === state;
    let seen = 0;
    for (const r of this.#records) {
      if (matches(r) && ++seen >= nth) return Promise.resolve({ ...r });
    }
    if (this.#stopped) return Promise.reject(new BossError('BOSS_STOPPED', 'boss simulator stopped'));
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#events.off('state', onState);
        this.#events.off('stop', onStop);
      };
      const onState = (rec: StateRecord): void => {
        if (!matches(rec) || ++seen < nth) return;
        cleanup();
        resolve({ ...rec });
      };
      const onStop = (): void => {
        cleanup();
        reject(new BossError('BOSS_STOPPED', `boss simulator stopped while waiting for ${vnodeId} ${state}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.list(vnodeId).map((r) => r.state).join(',') || 'none';
        reject(new BossError('BOSS_STATE_TIMEOUT', `${vnodeId} did not report ${state}${nth > 1 ? ` (#${nth})` : ''} within ${timeoutMs} ms (seen: ${seen})`));
      }, timeoutMs);
      this.#events.on('state', onState);
      this.#events.on('stop', onStop);
    });
  }

  // Fails every pending wait; later waits fail at once unless already satisfied.
  stop(): void {
    this.#stopped = true;
    this.#events.emit('stop');
  }
}
