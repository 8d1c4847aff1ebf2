// Keeps the vnode's tmcc proxy up for the manager's whole life: when a listener
// fails — or a health check says the socket is gone (anyone in the vnode can
// delete it) — the proxy is restarted after a short pause, again and again,
// until the manager stops it. A vnode whose proxy is down cannot reach boss.
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

export interface SuperviseOptions {
  readonly log: Logger;
  readonly clock: Clock;
  readonly restartDelayMs?: number;
  // Polled every checkEveryMs while running; false means "restart it".
  readonly isHealthy?: () => Promise<boolean>;
  readonly checkEveryMs?: number;
  readonly onRestarted?: (restarts: number) => void;
}

export function superviseProxy(proxy: SupervisedProxy, o: SuperviseOptions): ProxySupervisor {
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

  async function watchHealth(check: () => Promise<boolean>): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        await o.clock.sleep(o.checkEveryMs ?? 5_000, stopping.signal);
      } catch (err) {
        if (stopping.signal.aborted) return;
        throw err;
      }
      if (!restarting && !(await check())) onError(new Error('tmcc proxy socket is gone'));
    }
  }
  let watching: Promise<void> | undefined;

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
      if (o.isHealthy) {
        watching = watchHealth(o.isHealthy).catch((e: unknown) => o.log.error({ err: e }, 'tmcc proxy health check failed'));
      }
    },
    async stop() {
      stopping.abort();
      proxy.off('error', onError);
      await watching;
      await restarting;
      await proxy.stop();
    },
  };
}
