// Reporting a state to boss must never stop a teardown: a boss that is down
// costs at most the time limit, is logged, and the manager goes on (Emulab's
// tmcc(state) return value was ignored too).
import type { Logger } from 'pino';

export type BossState = 'BOOTING' | 'ISUP' | 'SHUTDOWN' | 'TBFAILED';

export interface StateClient {
  request(command: string, args?: readonly string[], o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Buffer>;
}

export interface StateReporter {
  report(state: BossState, o?: { timeoutMs?: number }): Promise<boolean>;
}

// SHUTDOWN and TBFAILED get Emulab's 2 s limit; BOOTING and ISUP the default.
export const STATE_LIMIT_MS: Readonly<Record<BossState, number>> = {
  BOOTING: 30_000,
  ISUP: 30_000,
  SHUTDOWN: 2_000,
  TBFAILED: 2_000,
};

export function createStateReporter(client: StateClient, log: Logger): StateReporter {
  return {
    async report(state, o) {
      const timeoutMs = o?.timeoutMs ?? STATE_LIMIT_MS[state];
      // The hard deadline covers a boss that accepts but never answers.
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await client.request('state', [state], { timeoutMs, signal });
        log.info({ state }, 'reported state to boss');
        return true;
      } catch (err) {
        log.warn({ state, err }, 'could not report state to boss');
        return false;
      }
    },
  };
}
