// Clients that ask for a huge reply and never read must not make the proxy
// hold that reply: boss's socket is paused while a client does not drain, and
// the bytes the proxy buffers stay under its caps (issue 10).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neverReadingClient } from '@tbvnode/test-fixtures';
import { createProxy, type TmccProxy } from '../../src/proxy/create-proxy.js';
import { until } from '../helpers/until.js';
import { DEFAULTS, type ProxyOptions } from '../../src/proxy/options.js';

const REPLY = Buffer.alloc(16 * 1024 * 1024, 'x');
REPLY.write('line one\n');
const CLIENTS = 12;

interface BigBoss {
  port: number;
  // Replies boss managed to hand to the kernel completely.
  finished: number;
  stop(): Promise<void>;
}

// Answers every request with REPLY (one write; 'finish' once the kernel took all of it).
async function startBigBoss(): Promise<BigBoss> {
  const live = new Set<Socket>();
  const boss = { port: 0, finished: 0, stop: async () => undefined };
  const server: Server = createServer({ allowHalfOpen: true }, (s) => {
    live.add(s);
    s.on('close', () => live.delete(s));
    s.on('error', () => undefined);
    s.once('data', () => s.end(REPLY));
    s.on('finish', () => (boss.finished += 1));
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  boss.port = (server.address() as { port: number }).port;
  boss.stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of live) s.destroy();
    await closed;
  };
  return boss;
}


let dir: string;
let boss: BigBoss;
const proxies: TmccProxy[] = [];
const clients: Socket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-bp-'));
  boss = await startBigBoss();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

function make(extra: Partial<ProxyOptions> = {}): TmccProxy {
  // The lean plain-TCP path (no injected sender), as a manager runs it.
  const p = createProxy({
    listen: { kind: 'unix', path: join(dir, 'tmcc') },
    vnodeId: 'pcvm1-1',
    upstream: { kind: 'tcp', host: '127.0.0.1', ports: [boss.port] },
    ...extra,
  });
  proxies.push(p);
  return p;
}

describe('backpressure', () => {
  it(`pauses boss for ${CLIENTS} clients that never read a 16 MB reply and keeps its buffers under the caps`, async () => {
    const p = make();
    await p.start();
    const path = p.address() as string;
    for (let i = 0; i < CLIENTS; i++) clients.push(await neverReadingClient(path));

    // Without backpressure the proxy reads every reply into memory and boss finishes.
    await until('paused replies (or a finished one)', () => boss.finished > 0 || p.stats().pausedReplies === CLIENTS);
    expect(boss.finished).toBe(0);
    const st = p.stats();
    expect(st.pausedReplies).toBe(CLIENTS);
    // A cap may be passed by at most the chunk that crossed it, per client.
    const slack = CLIENTS * 64 * 1024;
    expect(st.bufferedBytes).toBeLessThanOrEqual(DEFAULTS.maxBufferedBytes + slack);
    expect(st.peakBufferedBytes).toBeLessThanOrEqual(DEFAULTS.maxBufferedBytes + slack);

    // A client that starts reading gets the whole reply, byte for byte.
    const reader = clients[0] as Socket;
    const hash = createHash('sha256');
    let got = 0;
    reader.on('data', (c: Buffer) => {
      hash.update(c);
      got += c.length;
    });
    reader.resume();
    await once(reader, 'end');
    expect(got).toBe(REPLY.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(REPLY).digest('hex'));

    // Gone clients give their bytes back.
    for (const c of clients.splice(0)) c.destroy();
    await until('buffers released', () => p.stats().bufferedBytes === 0 && p.stats().pausedReplies === 0);
  });

  it('holds a small per-client cap even when one client alone asks', async () => {
    const p = make({ maxClientBufferBytes: 32 * 1024, maxBufferedBytes: 1024 * 1024 });
    await p.start();
    clients.push(await neverReadingClient(p.address() as string));
    await until('a paused reply', () => boss.finished > 0 || p.stats().pausedReplies === 1);
    expect(boss.finished).toBe(0);
    expect(p.stats().peakBufferedBytes).toBeLessThanOrEqual(32 * 1024 + 64 * 1024);
  });
});

describe('backpressure on the tmcc library path', () => {
  it('cuts a request whose client stops reading past its cap (the library cannot pause boss)', async () => {
    const { standInSend, startStandIn } = await import('../helpers/stand-in.js');
    const part = Buffer.alloc(64 * 1024, 'y');
    const slowBoss = await startStandIn(() => Array.from({ length: 64 }, () => part));
    try {
      const p = make({
        listen: { kind: 'unix', path: join(dir, 'lib') },
        upstream: { kind: 'tcp', host: '127.0.0.1', ports: [slowBoss.port] },
        send: standInSend,
        maxClientBufferBytes: 256 * 1024,
      });
      await p.start();
      const summary = once(p, 'request');
      clients.push(await neverReadingClient(p.address() as string));
      const [s] = (await summary) as [{ outcome: string; replyBytes: number }];
      expect(s.outcome).toBe('client-slow');
      expect(s.replyBytes).toBeLessThan(64 * part.length);
      expect(p.stats().peakBufferedBytes).toBeLessThanOrEqual(256 * 1024 + part.length);
    } finally {
      await slowBoss.stop();
    }
  });
});
