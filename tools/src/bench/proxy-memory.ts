// Benchmark: what outside input can make the tmcc proxy hold. (1) Clients that
// ask for a huge reply and never read: the proxy's RSS before and after, the
// bytes it buffers, the bytes boss got rid of. (2) A connect flood of idle
// connections while the vnode's own tmcc keeps asking: answered, failed, the
// slowest answer, connections pushed out. The proxy runs in its own process
// (lean plain-TCP path, default caps); boss and the clients run here. Loopback
// only, bounded. Prints figures; asserts nothing.
//   node tools/dist/bench/proxy-memory.js [--clients 20] [--reply-mb 50] [--flood-ms 3000]
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sendRequest } from '@tbvnode/tmcc';
import { createProxy, type ProxyStats } from '@tbvnode/tmcc-proxy';
import { neverReadingClient } from '@tbvnode/test-fixtures';

const DEADLINE_MS = 20_000;
const MB = 1024 * 1024;

type Msg = { ready: true } | { rss: number; stats: ProxyStats };

async function proxyRole(path: string, bossPort: number): Promise<void> {
  const proxy = createProxy({ listen: { kind: 'unix', path }, vnodeId: 'pcvm1-1', upstream: { kind: 'tcp', host: '127.0.0.1', ports: [bossPort] } });
  await proxy.start();
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => {
    process.on('message', (m) => {
      if (m === 'stop') resolve();
      if (m === 'rss') process.send?.({ rss: process.memoryUsage().rss, stats: proxy.stats() });
    });
    process.once('disconnect', () => resolve());
  });
  await proxy.stop();
}

async function ask(child: ChildProcess): Promise<{ rss: number; stats: ProxyStats }> {
  const reply = once(child, 'message', { signal: AbortSignal.timeout(DEADLINE_MS) }) as Promise<[Msg]>;
  child.send('rss');
  const [m] = await reply;
  if (!('rss' in m)) throw new Error('proxy answered with something else');
  return m;
}

async function until(pred: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    if (await pred()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function bigBoss(reply: Buffer): Promise<{ port: number; handedOff: () => number; stop: () => Promise<void> }> {
  const live = new Set<Socket>();
  let handed = 0;
  const server = createServer({ allowHalfOpen: true }, (s) => {
    live.add(s);
    s.on('close', () => live.delete(s));
    s.on('error', () => undefined);
    s.once('data', (d: Buffer) => {
      if (!d.toString('latin1').includes('fullconfig')) return void s.end('pcvm1-1\n');
      // Small writes, so "handed to the kernel" is countable as it happens.
      const step = 1 * MB;
      let off = 0;
      const next = (): void => {
        while (off < reply.length && !s.destroyed) {
          const part = reply.subarray(off, off + step);
          off += part.length;
          const more = s.write(part, () => (handed += part.length));
          if (!more) return void s.once('drain', next);
        }
        s.end();
      };
      next();
    });
  });
  return new Promise((resolve) => {
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      resolve({
        port: (server.address() as { port: number }).port,
        handedOff: () => handed,
        stop: async () => {
          const closed = new Promise<void>((r) => server.close(() => r()));
          for (const s of live) s.destroy();
          await closed;
        },
      });
    });
  });
}

// One request as the vnode's tmcc sends it (through proxypath: unix, retried
// while refused); resolves with the reply length or -1.
async function request(path: string): Promise<number> {
  try {
    const reply = await sendRequest(Buffer.from('VERSION=34 nodeid '), { kind: 'unix', path }, { retryRefused: true, timeoutMs: 10_000 });
    return reply.length > 0 ? reply.length : -1;
  } catch {
    return -1;
  }
}

// The flooder, in its own process: idle connections as fast as it can make them.
async function floodRole(path: string, ms: number): Promise<void> {
  const idle: Socket[] = [];
  const errors = new Map<string, number>();
  const end = performance.now() + ms;
  process.send?.({ ready: true });
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) {
      const s = connect({ path });
      s.on('error', (err: NodeJS.ErrnoException) => errors.set(err.code ?? '?', (errors.get(err.code ?? '?') ?? 0) + 1));
      idle.push(s);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.send?.({ opened: idle.length, errors: Object.fromEntries(errors) });
  for (const s of idle) s.destroy();
}

async function memoryPhase(child: ChildProcess, path: string, boss: { handedOff: () => number }, clients: number, replyMb: number): Promise<void> {
  const before = await ask(child);
  const socks: Socket[] = [];
  for (let i = 0; i < clients; i++) socks.push(await neverReadingClient(path));
  const settled = await until(async () => (await ask(child)).stats.pausedReplies === clients, DEADLINE_MS);
  const after = await ask(child);
  process.stdout.write(
    `never-reading clients: ${clients} x ${replyMb} MB reply${settled ? '' : ' (not all paused before the deadline)'}\n` +
      `  proxy RSS        before ${(before.rss / MB).toFixed(1)} MB, after ${(after.rss / MB).toFixed(1)} MB\n` +
      `  proxy buffered   now ${(after.stats.bufferedBytes / MB).toFixed(2)} MB, peak ${(after.stats.peakBufferedBytes / MB).toFixed(2)} MB, paused replies ${after.stats.pausedReplies}\n` +
      `  boss handed off  ${(boss.handedOff() / MB).toFixed(1)} MB of ${clients * replyMb} MB (the rest waits in boss, not in the proxy)\n`,
  );
  for (const s of socks) s.destroy();
  await until(async () => (await ask(child)).stats.bufferedBytes === 0, DEADLINE_MS);
}

async function vnodeRequests(path: string, ms: number): Promise<{ ok: number; failed: number; worst: number }> {
  let ok = 0;
  let failed = 0;
  let worst = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    const t = performance.now();
    if ((await request(path)) > 0) ok += 1;
    else failed += 1;
    worst = Math.max(worst, performance.now() - t);
  }
  return { ok, failed, worst };
}

async function floodPhase(child: ChildProcess, path: string, ms: number): Promise<void> {
  const quiet = await vnodeRequests(path, ms);
  const flooder = fork(fileURLToPath(import.meta.url), ['flood', path, String(ms)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(flooder, 'exit');
  await once(flooder, 'message', { signal: AbortSignal.timeout(DEADLINE_MS) });
  const done = once(flooder, 'message', { signal: AbortSignal.timeout(DEADLINE_MS + ms) }) as Promise<[{ opened: number; errors: Record<string, number> }]>;
  const loud = await vnodeRequests(path, ms);
  const [f] = await done;
  await exited;
  const st = (await ask(child)).stats;
  const line = (r: { ok: number; failed: number; worst: number }): string => `answered ${r.ok}, failed ${r.failed}, slowest ${r.worst.toFixed(1)} ms`;
  process.stdout.write(
    `connect flood: ${f.opened} idle connections in ${(ms / 1000).toFixed(1)} s from another process (connect errors ${JSON.stringify(f.errors)})\n` +
      `  vnode tmcc, quiet  ${line(quiet)}\n` +
      `  vnode tmcc, flood  ${line(loud)}\n` +
      `  proxy              pushed out ${st.evicted} idle readers (maxReading 256)\n`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clients: { type: 'string' }, 'reply-mb': { type: 'string' }, 'flood-ms': { type: 'string' } } });
  const clients = Number(values.clients ?? 20);
  const replyMb = Number(values['reply-mb'] ?? 50);
  const floodMs = Number(values['flood-ms'] ?? 3000);
  const dir = await mkdtemp(join(tmpdir(), 'tbv-proxy-mem-'));
  const boss = await bigBoss(Buffer.alloc(replyMb * MB, 'x'));
  const path = join(dir, 'tmcc');
  const child = fork(fileURLToPath(import.meta.url), ['proxy', path, String(boss.port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [m] = (await once(child, 'message', { signal: AbortSignal.timeout(DEADLINE_MS) })) as [Msg];
    if (!('ready' in m)) throw new Error('proxy did not start');
    await memoryPhase(child, path, boss, clients, replyMb);
    await floodPhase(child, path, floodMs);
  } finally {
    const exited = once(child, 'exit');
    if (child.connected) child.send('stop');
    const kill = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    await exited;
    clearTimeout(kill);
    await boss.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'proxy') {
  await proxyRole(process.argv[3] as string, Number(process.argv[4]));
} else if (process.argv[2] === 'flood') {
  await floodRole(process.argv[3] as string, Number(process.argv[4]));
} else {
  await main();
}
