// Benchmark: closed-loop tmcc clients against the boss simulator (answering
// after 5 ms), direct to boss and through the proxy, at 1/8/32/64 clients, in
// one run, with each process's CPU time per request. Loopback only, bounded
// duration. Prints figures; asserts nothing. --upstream tmcc makes the proxy
// forward through tmcc's sendRequest instead of its lean plain-TCP path.
//   node tools/dist/bench/proxy.js [--duration-ms 2000] [--delay-ms 5] [--levels 1,8,32,64] [--max-concurrent 32] [--slices 4] [--upstream lean|tmcc]
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRequest, sendRequest, type Target } from '@tbvnode/tmcc';
import { BENCH_KEY, BENCH_VNODE, runRole, type RoleMessage } from './proxy-roles.js';
import { judge, summarize, type RunFigures } from './proxy-stats.js';

const CHILD_DEADLINE_MS = 10_000;

async function startChild(args: string[]): Promise<{ child: ChildProcess; port?: number }> {
  const child = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_DEADLINE_MS);
  try {
    const [msg] = (await once(child, 'message')) as [RoleMessage];
    if ('failed' in msg) throw new Error(`${args[1] ?? '?'}: ${msg.failed}`);
    if (!('ready' in msg)) throw new Error(`${args[1] ?? '?'}: unexpected first message`);
    return msg.port === undefined ? { child } : { child, port: msg.port };
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_DEADLINE_MS);
  await exited;
  clearTimeout(timer);
}

// CPU time a helper process has used so far (µs), asked over IPC.
async function cpuOf(child: ChildProcess): Promise<number> {
  const reply = once(child, 'message', { signal: AbortSignal.timeout(CHILD_DEADLINE_MS) }) as Promise<[RoleMessage]>;
  child.send('cpu');
  const [msg] = await reply;
  if (!('cpuUs' in msg)) throw new Error('helper answered the cpu question with something else');
  return msg.cpuUs;
}

interface Cpu {
  clients: number;
  boss: number;
  proxy: number;
}

interface Sample {
  latencies: number[];
  failures: number;
  elapsedMs: number;
  // CPU time (µs) each process spent during this sample's slices: the
  // machine-noise-proof cost per request, where req/s and latency are not.
  cpu: Cpu;
}

// `clients` loops, each sending its next request as soon as the last one ends.
async function closedLoop(target: Target, request: Buffer, clients: number, durationMs: number, into: Sample): Promise<void> {
  const { latencies } = into;
  const start = performance.now();
  const end = start + durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const reply = await sendRequest(request, target, { timeoutMs: 5000, collectReply: true });
        if (reply.length === 0) into.failures += 1;
        else latencies.push(performance.now() - t0);
      } catch {
        into.failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  into.elapsedMs += performance.now() - start;
}

const newSample = (): Sample => ({ latencies: [], failures: 0, elapsedMs: 0, cpu: { clients: 0, boss: 0, proxy: 0 } });
const perRequest = (x: Sample, us: number): string => fmt(us / Math.max(1, x.latencies.length + x.failures), 0);
const figures = (x: Sample): RunFigures => summarize(x.latencies, x.failures, x.elapsedMs);

const fmt = (n: number, d = 2): string => (Number.isFinite(n) ? n.toFixed(d) : '-');

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'duration-ms': { type: 'string', default: '2000' },
      'delay-ms': { type: 'string', default: '5' },
      levels: { type: 'string', default: '1,8,32,64' },
      'max-concurrent': { type: 'string', default: '32' },
      upstream: { type: 'string', default: 'lean' },
      slices: { type: 'string', default: '4' },
    },
  });
  const durationMs = Number(values['duration-ms']);
  const levels = values.levels.split(',').map(Number);
  const dir = await mkdtemp(join(tmpdir(), 'tbvnode-bench-proxy-'));
  const children: ChildProcess[] = [];
  try {
    const boss = await startChild(['--role', 'boss', values['delay-ms']]);
    children.push(boss.child);
    const path = join(dir, 'tmcc');
    const proxy = await startChild(['--role', 'proxy', path, String(boss.port), values['max-concurrent'], values.upstream]);
    children.push(proxy.child);
    const cpuNow = async (): Promise<Cpu> => {
      const own = process.cpuUsage();
      return { clients: own.user + own.system, boss: await cpuOf(boss.child), proxy: await cpuOf(proxy.child) };
    };
    // One slice, its CPU use added to the sample.
    const slice = async (target: Target, request: Buffer, clients: number, ms: number, into: Sample): Promise<void> => {
      const before = await cpuNow();
      await closedLoop(target, request, clients, ms, into);
      const after = await cpuNow();
      into.cpu.clients += after.clients - before.clients;
      into.cpu.boss += after.boss - before.boss;
      into.cpu.proxy += after.proxy - before.proxy;
    };

    const direct: Target = { kind: 'tcp', host: '127.0.0.1', ports: [boss.port ?? 0], tls: null };
    const viaProxy: Target = { kind: 'unix', path };
    const directReq = buildRequest({ command: 'nodeid', vnodeId: BENCH_VNODE, privKey: BENCH_KEY });
    const proxyReq = buildRequest({ command: 'nodeid' });
    // Warm up both paths (JIT, first connections).
    await closedLoop(direct, directReq, 4, 200, newSample());
    await closedLoop(viaProxy, proxyReq, 4, 200, newSample());
    // Direct and proxy alternate in slices so a burst of load elsewhere on
    // the machine hits both paths alike.
    const slices = Math.max(1, Number(values.slices));

    process.stdout.write(
      `boss delay ${values['delay-ms']} ms, ${durationMs} ms per path and level in ${slices} alternating slices, ` +
        `proxy max-concurrent ${values['max-concurrent']} upstream ${values.upstream}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n` +
        'clients  path    req/s     p50 ms   p99 ms   failures   CPU µs/req: clients   boss  proxy\n',
    );
    const rows: Array<{ clients: number; direct: RunFigures; proxy: RunFigures }> = [];
    for (const clients of levels) {
      const ds = newSample();
      const ps = newSample();
      for (let i = 0; i < slices; i++) {
        await slice(direct, directReq, clients, durationMs / slices, ds);
        await slice(viaProxy, proxyReq, clients, durationMs / slices, ps);
      }
      const d = figures(ds);
      const p = figures(ps);
      rows.push({ clients, direct: d, proxy: p });
      for (const [name, f, x] of [['direct', d, ds], ['proxy', p, ps]] as const) {
        process.stdout.write(
          `${String(clients).padEnd(8)} ${name.padEnd(7)} ${fmt(f.reqPerSec, 0).padStart(7)} ${fmt(f.p50Ms).padStart(9)} ${fmt(f.p99Ms).padStart(8)} ${String(f.failures).padStart(10)}` +
            `${perRequest(x, x.cpu.clients).padStart(21)} ${perRequest(x, x.cpu.boss).padStart(6)} ${perRequest(x, x.cpu.proxy).padStart(6)}\n`,
        );
      }
    }
    const v = judge(rows);
    process.stdout.write(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    const yes = (b: boolean): string => (b ? 'met' : 'MISSED');
    process.stdout.write(
      `\nfailures at ${Math.max(...levels)} clients: ${v.failuresAtMax} (target 0: ${yes(v.met.failures)})\n` +
        `proxy/direct req/s at 32: ${v.ratioAt32 === null ? '-' : fmt(v.ratioAt32)} (target >= 0.80: ${yes(v.met.ratio)})\n` +
        `added p50 ms: ${v.addedP50Ms.map((a) => `${a.clients}:${fmt(a.ms)}`).join(' ')} (target <= 1 at ${Math.min(...levels)} client(s), the proxy's own delay: ${yes(v.met.p50)})\n`,
    );
    return 0;
  } finally {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  }
}

const roleIndex = process.argv.indexOf('--role');
if (roleIndex >= 0) {
  await runRole(process.argv[roleIndex + 1] ?? '', process.argv.slice(roleIndex + 2));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
