// Keeps the vnode's tmcc proxy up for the manager's whole life: when a listener
// fails, the proxy is restarted after a short pause, again and again, until the
// manager stops it. A vnode whose proxy is down cannot reach boss at all.
import type { Logger } from 'pino';
import type { Clock } from '../deps.js';

export interface SupervisedProxy {
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  off(event: 'error', listener: (err: unknown) => void): unknown;
}

export interface ProxySupervisor {
  // Resolves once the proxy listens (rejects if the first start fails).
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly restarts: number;
}

export function superviseProxy(
  proxy: SupervisedProxy,
  o: { log: Logger; clock: Clock; restartDelayMs?: number; onRestarted?: (restarts: number) => void },
): ProxySupervisor {
  const delay = o.restartDelayMs ?? 1_000;
  const stopping = new AbortController();
  let restarts = 0;
  let restarting: Promise<void> | undefined;

  async function restartLoop(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        await o.clock.sleep(delay, stopping.signal);
      } catch (err) {
        if (stopping.signal.aborted) return;
        throw err;
      }
      try {
        await proxy.restart();
        restarts++;
        o.log.info({ restarts }, 'tmcc proxy restarted');
        o.onRestarted?.(restarts);
        return;
      } catch (err) {
        o.log.error({ err }, 'tmcc proxy restart failed; trying again');
      }
    }
  }

  const onError = (err: unknown) => {
    o.log.error({ err }, 'tmcc proxy failed');
    if (restarting || stopping.signal.aborted) return;
    restarting = restartLoop()
      .catch((e: unknown) => o.log.error({ err: e }, 'tmcc proxy supervisor gave up'))
      .finally(() => {
        restarting = undefined;
      });
  };

  return {
    get restarts() {
      return restarts;
    },
    async start() {
      proxy.on('error', onError);
      await proxy.start();
    },
    async stop() {
      stopping.abort();
      proxy.off('error', onError);
      await restarting;
      await proxy.stop();
    },
  };
}
