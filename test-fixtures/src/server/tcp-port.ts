// One TCP listening port that can stop listening and listen again on the
// same number, so clients see a real ECONNREFUSED in between.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BossError } from '../errors.js';

export class TcpPort {
  readonly host: string;
  #port: number;
  #server: net.Server | undefined;
  #shutDown = false;
  readonly #onConnection: (socket: net.Socket) => void;

  constructor(host: string, port: number, onConnection: (socket: net.Socket) => void) {
    this.host = host;
    this.#port = port;
    this.#onConnection = onConnection;
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  async listen(): Promise<number> {
    if (this.#server || this.#shutDown) return this.#port;
    // allowHalfOpen: a client that half-closes (ours does) still gets its reply.
    const server = net.createServer({ allowHalfOpen: true }, this.#onConnection);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      // A deep backlog: concurrent benchmark clients must queue, not be refused.
      server.listen({ host: this.host, port: this.#port, backlog: 511, exclusive: true }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new BossError('BOSS_LISTEN', 'listener has no inet address');
    this.#port = addr.port;
    // stop() ran while we were binding: do not leave a listener behind.
    if (this.#shutDown) server.close();
    else this.#server = server;
    return this.#port;
  }

  // Listen again on the same number; another process may briefly hold it,
  // so retry until the deadline.
  async relisten(deadlineMs: number): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      if (this.#shutDown) return;
      try {
        await this.listen();
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= until) {
          throw new BossError('BOSS_LISTEN', `cannot listen again on ${this.host}:${this.#port}`, { cause: err });
        }
      }
      await sleep(20);
    }
  }

  // For good: later listen/relisten calls do nothing.
  shutdown(): void {
    this.#shutDown = true;
    this.unlisten();
  }

  // Stop accepting. Connections already accepted carry on; libuv closes the
  // listening fd synchronously, so refusals start right away.
  unlisten(): void {
    const server = this.#server;
    this.#server = undefined;
    server?.close();
  }
}
