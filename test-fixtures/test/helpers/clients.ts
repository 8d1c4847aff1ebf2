// Bare node:net / node:dgram clients (the tmcc package is not used here on
// purpose: this package is what tmcc's own tests run against).
import dgram from 'node:dgram';
import net from 'node:net';

export interface TcpResult {
  data: Buffer;
  // How many separate reads delivered it.
  chunks?: number;
  error?: NodeJS.ErrnoException;
}

// Send `request` in the given pieces (one write each) and read to EOF.
// halfClose mimics our client; false mimics Emulab's unix client.
export function tcpRequest(
  port: number,
  request: string | Buffer | Array<string | Buffer>,
  // sendAfter: connect at once, write only once it settles (ordering without timers).
  o: { host?: string; halfClose?: boolean; timeoutMs?: number; gapMs?: number; sendAfter?: Promise<unknown> } = {},
): Promise<TcpResult> {
  const pieces = Array.isArray(request) ? request : [request];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: o.host ?? '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), error: Object.assign(new Error('client deadline'), { code: 'ETIMEDOUT' }) });
    }, o.timeoutMs ?? 5000);
    socket.on('connect', () => {
      const send = (i: number): void => {
        const piece = pieces[i];
        if (piece === undefined) {
          if (o.halfClose) socket.end();
          return;
        }
        socket.write(piece);
        if (i + 1 < pieces.length) setTimeout(() => send(i + 1), o.gapMs ?? 0);
        else send(i + 1);
      };
      if (o.sendAfter) void o.sendAfter.then(() => send(0), () => socket.destroy());
      else send(0);
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), chunks: chunks.length, error });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), chunks: chunks.length });
    });
  });
}

export async function tcpText(port: number, request: string): Promise<string> {
  const r = await tcpRequest(port, request);
  if (r.error) throw r.error;
  return r.data.toString('latin1');
}

// A UDP client that keeps every datagram it receives, in order.
export class UdpClient {
  readonly received: Buffer[] = [];
  readonly #socket = dgram.createSocket('udp4');
  readonly #waiters: Array<() => void> = [];

  constructor() {
    this.#socket.on('message', (m) => {
      this.received.push(m);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  send(port: number, request: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#socket.send(Buffer.from(request, 'latin1'), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
  }

  // Resolves when at least n datagrams have arrived (deadline-bound).
  waitFor(n: number, timeoutMs = 5000): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.received.length >= n) {
          clearTimeout(timer);
          resolve(this.received.slice(0, n));
        } else this.#waiters.push(check);
      };
      const timer = setTimeout(() => reject(new Error(`only ${this.received.length} datagrams`)), timeoutMs);
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}
