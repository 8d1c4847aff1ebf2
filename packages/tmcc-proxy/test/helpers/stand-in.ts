// A tiny loopback tmcd stand-in and a matching sender, used until the shared
// boss simulator and tmcc's sendRequest are available. It does one read per
// connection (like tmcd), records the request and answers via `answer`.
import { connect, createServer, type Server } from 'node:net';
import type { SendFn } from '../../src/proxy/upstream.js';

export interface StandIn {
  port: number;
  requests: string[];
  setRefusing(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandIn(
  answer: (req: string) => string | Buffer[] = (req) => `ECHO ${req}\n`,
  delayMs = 0,
): Promise<StandIn> {
  const requests: string[] = [];
  let server: Server | null = null;
  let port = 0;
  const live = new Set<import('node:net').Socket>();
  const open = async (): Promise<void> => {
    const srv = createServer({ allowHalfOpen: true }, (s) => {
      live.add(s);
      s.on('close', () => live.delete(s));
      s.on('error', () => undefined);
      s.once('data', (d: Buffer) => {
        const req = d.toString('latin1');
        requests.push(req);
        const reply = answer(req);
        setTimeout(() => {
          if (typeof reply === 'string') s.end(reply);
          else writeSlowly(s, reply);
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => srv.listen({ host: '127.0.0.1', port }, resolve));
    port = (srv.address() as { port: number }).port;
    server = srv;
  };
  const close = async (): Promise<void> => {
    const srv = server;
    server = null;
    if (!srv) return;
    const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
    for (const s of live) s.destroy();
    await closed;
  };
  await open();
  return {
    get port() {
      return port;
    },
    requests,
    async setRefusing(on) {
      if (on) await close();
      else await open();
    },
    stop: close,
  };
}

function writeSlowly(s: import('node:net').Socket, parts: Buffer[]): void {
  const [head, ...rest] = parts;
  if (head === undefined || s.destroyed) {
    s.end();
    return;
  }
  s.write(head, () => setTimeout(() => writeSlowly(s, rest), 5));
}

// Sends one request over tcp like tmcc: all ports, retry while refused, abort on signal.
export const standInSend: SendFn = (request, target, opts = {}) =>
  new Promise<Buffer>((resolve, reject) => {
    if (target.kind !== 'tcp') {
      reject(new Error(`stand-in sender speaks tcp only, not ${target.kind}`));
      return;
    }
    const port = target.ports[0]!;
    const chunks: Buffer[] = [];
    let retry: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(retry);
      reject(Object.assign(new Error('aborted'), { code: 'TMCC_ABORTED' }));
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const attempt = (): void => {
      const s = connect({ host: target.host, port });
      opts.signal?.addEventListener('abort', () => s.destroy(), { once: true });
      s.on('connect', () => s.end(request));
      s.on('data', (c: Buffer) => {
        chunks.push(c);
        opts.onData?.(c);
      });
      s.on('error', (err: NodeJS.ErrnoException) => {
        if (opts.signal?.aborted) return;
        if (err.code === 'ECONNREFUSED' && opts.retryRefused) retry = setTimeout(attempt, opts.retryDelayMs ?? 10);
        else reject(Object.assign(err, { code: 'TMCC_CONNECT' }));
      });
      s.on('end', () => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(Buffer.concat(chunks));
      });
    };
    attempt();
  });
