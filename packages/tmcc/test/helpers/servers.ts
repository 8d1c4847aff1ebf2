// Tiny loopback stand-ins for tmcd used by the tests: they record the exact bytes
// received and answer with whatever the test says.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

export type Answer = (request: Buffer, index: number) => Buffer | string | null;

export interface StreamServer {
  port: number;
  path?: string;
  requests: Buffer[];
  /** Resolves when the n-th request (1-based) has fully arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

// Reads to EOF (our client half-closes), answers, closes. null = hold the socket open.
function serve(answer: Answer, requests: Buffer[], held: Socket[], notify: () => void) {
  return (sock: Socket): void => {
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', () => sock.destroy());
    sock.on('end', () => {
      const req = Buffer.concat(chunks);
      requests.push(req);
      notify();
      const reply = answer(req, requests.length - 1);
      if (reply === null) {
        held.push(sock);
        return;
      }
      sock.end(reply);
    });
  };
}

function makeWaiter(requests: Buffer[]) {
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    notify(): void {
      for (const w of [...waiters]) {
        if (requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    wait(n: number): Promise<void> {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

async function finish(server: Server, held: Socket[]): Promise<void> {
  for (const s of held) s.destroy();
  server.close();
  await once(server, 'close');
}

export async function startTcpServer(answer: Answer, port = 0): Promise<StreamServer> {
  const requests: Buffer[] = [];
  const held: Socket[] = [];
  const w = makeWaiter(requests);
  const server = createServer({ allowHalfOpen: true }, serve(answer, requests, held, () => w.notify()));
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no tcp address');
  return { port: addr.port, requests, waitForRequests: (n) => w.wait(n), close: () => finish(server, held) };
}

export async function startUnixServer(path: string, answer: Answer): Promise<StreamServer> {
  const requests: Buffer[] = [];
  const held: Socket[] = [];
  const w = makeWaiter(requests);
  const server = createServer({ allowHalfOpen: true }, serve(answer, requests, held, () => w.notify()));
  server.listen(path);
  await once(server, 'listening');
  return { port: 0, path, requests, waitForRequests: (n) => w.wait(n), close: () => finish(server, held) };
}

/** A loopback port with nothing listening (it refuses connections). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no tcp address');
  server.close();
  await once(server, 'close');
  return addr.port;
}

export interface UdpServer {
  port: number;
  requests: Buffer[];
  close(): Promise<void>;
}

/** Replies from a fresh socket (another source port), as Emulab's inet proxy does; null = no reply. */
export async function startUdpServer(answer: Answer): Promise<UdpServer> {
  const requests: Buffer[] = [];
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    requests.push(msg);
    const reply = answer(msg, requests.length - 1);
    if (reply === null) return;
    const out = createSocket('udp4');
    out.send(reply, rinfo.port, rinfo.address, () => out.close());
  });
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  return {
    port: sock.address().port,
    requests,
    close: async () => {
      sock.close();
      await once(sock, 'close');
    },
  };
}
