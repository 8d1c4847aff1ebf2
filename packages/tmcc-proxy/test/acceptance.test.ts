// Issue 3's acceptance, end to end on loopback: the shared boss simulator,
// tmcc's real sender and `tmcc -l`, raw socket clients, unix sockets in a
// mkdtemp dir.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRequest, sendRequest, type Target } from '@tbvnode/tmcc';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProxy, type TmccProxy } from '../src/proxy/create-proxy.js';
import type { ProxyOptions } from '../src/proxy/options.js';
import type { RequestSummary, UpstreamNotice } from '../src/proxy/serve-request.js';
import { rawRequest } from './helpers/raw-client.js';

const KEY = '00112233445566778899aabbccddeeff';
const CLIENT_KEY = 'ffeeddccbbaa99887766554433221100';
const VNODE = 'pcvm1-1';
let dir: string;
let boss: BossSimulator;
let proxy: TmccProxy;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-acc-'));
  boss = await startBoss({ experiment: { ...loadExperiment('three-vnodes'), privkey: KEY } });
});
afterEach(async () => {
  await proxy?.stop();
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startProxy(extra: Partial<ProxyOptions> = {}): Promise<string> {
  proxy = createProxy({
    listen: { kind: 'unix', path: join(dir, 'tmcc') },
    vnodeId: VNODE,
    privKey: KEY,
    upstream: { kind: 'tcp', host: boss.host, ports: boss.ports, tls: null },
    retryRefusedDelayMs: 20,
    ...extra,
  });
  await proxy.start();
  return proxy.address() as string;
}

// What boss says to the vnode itself: the expected answer through the proxy.
async function direct(command: string, args: string[] = []): Promise<string> {
  const req = buildRequest({ command, args, vnodeId: VNODE, privKey: KEY });
  const reply = await sendRequest(req, { kind: 'tcp', host: boss.host, ports: boss.ports, tls: null }, { timeoutMs: 5000 });
  return reply.toString();
}

function collect(p: TmccProxy, n: number): Promise<RequestSummary[]> {
  const got: RequestSummary[] = [];
  return new Promise((resolve) => {
    const on = (s: RequestSummary): void => {
      got.push(s);
      if (got.length === n) {
        p.off('request', on);
        resolve(got);
      }
    };
    p.on('request', on);
  });
}

// Node's own lookup: the nearest node_modules/@tbvnode/tmcc above this file.
function findTmccBin(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', '@tbvnode', 'tmcc', 'bin', 'tmcc.js');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error('@tbvnode/tmcc is not installed');
  }
}

function runTmcc(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const tmccBin = findTmccBin();
  return new Promise((resolve) => {
    execFile(process.execPath, [tmccBin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('through the proxy', () => {
  it('tmcc -l, the tmcc library and a raw socket client get the vnode\'s answers', async () => {
    const path = await startProxy();
    const expected = await direct('nodeid');
    expect(expected).toContain(VNODE);

    const viaLib = await sendRequest(buildRequest({ command: 'nodeid' }), { kind: 'unix', path }, { timeoutMs: 5000 });
    expect(viaLib.toString()).toBe(expected);

    const raw = await rawRequest({ path }, 'VERSION=34 ifconfig ');
    expect(raw.reply.toString()).toBe(await direct('ifconfig'));

    const cli = await runTmcc(['-l', path, 'jailconfig'], { BOSSNAME: '127.0.0.1', TBVNODE_ROOT: dir });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(await direct('jailconfig'));
  });

  it('boss never sees a client\'s VNODEID or PRIVKEY', async () => {
    const path = await startProxy();
    const before = boss.requests.length;
    const spoofed = [
      `VNODEID=pcvm1-2 VERSION=34 nodeid `,
      `PRIVKEY=${CLIENT_KEY} VERSION=34 nodeid `,
      `xVNODEID=y VERSION=34 nodeid `,
      `VERSION=34 nodeid VNODEID=other `,
    ];
    const summaries = collect(proxy, spoofed.length + 1);
    const expected = await direct('nodeid');
    const before2 = boss.requests.length;
    for (const r of spoofed) expect((await rawRequest({ path }, r)).reply.toString()).toBe(expected);
    const lib = buildRequest({ command: 'nodeid', vnodeId: 'other', privKey: CLIENT_KEY });
    expect((await sendRequest(lib, { kind: 'unix', path }, { timeoutMs: 5000 })).toString()).toBe(expected);

    const seen = boss.requests.slice(before2);
    expect(seen).toHaveLength(spoofed.length + 1);
    for (const rec of seen) {
      expect(rec.parsed.vnodeId).toBe(VNODE);
      expect(rec.parsed.privKey).toBe(KEY);
      const text = rec.raw.toString('latin1');
      for (const bad of ['pcvm1-2', CLIENT_KEY, 'xVNODEID', 'other']) expect(text).not.toContain(bad);
    }
    expect(before).toBeLessThan(before2);
    const s = await summaries;
    expect(s.every((x) => x.spoofs > 0 && x.outcome === 'ok')).toBe(true);
    expect(proxy.stats().spoofAttempts).toBe(spoofed.length + 1);
  });

  it('answers 64 concurrent clients', async () => {
    const path = await startProxy();
    await boss.setFaults([{ kind: 'delay', ms: 5 }]);
    const expected = await direct('hostnames');
    const replies = await Promise.all(
      Array.from({ length: 64 }, () => sendRequest(buildRequest({ command: 'hostnames' }), { kind: 'unix', path }, { timeoutMs: 10_000 })),
    );
    for (const r of replies) expect(r.toString()).toBe(expected);
    expect(proxy.stats()).toMatchObject({ served: 64, failed: 0 });
  });

  it('while boss refuses each client meets its deadline and the proxy stays up; then requests succeed', async () => {
    const path = await startProxy({ requestDeadlineMs: 300 });
    await boss.setFaults([{ kind: 'refuse' }]);
    const summaries = collect(proxy, 8);
    const replies = await Promise.all(Array.from({ length: 8 }, () => rawRequest({ path }, 'VERSION=34 nodeid ')));
    for (const r of replies) expect(r.reply.length).toBe(0);
    for (const s of await summaries) expect(s.outcome).toBe('deadline');
    expect(proxy.stats()).toMatchObject({ failed: 8, active: 0 });

    await boss.setFaults([]);
    const ok = await sendRequest(buildRequest({ command: 'nodeid' }), { kind: 'unix', path }, { timeoutMs: 5000 });
    expect(ok.toString()).toBe(await direct('nodeid'));
  });

  it('a request that was waiting while boss refused succeeds when boss returns within the deadline', async () => {
    const path = await startProxy({ requestDeadlineMs: 10_000 });
    await boss.setFaults([{ kind: 'refuse' }]);
    const pending = rawRequest({ path }, 'VERSION=34 nodeid ');
    // The proxy has met the refusal and is retrying: only now let boss back.
    const [notice] = (await once(proxy, 'notice')) as [UpstreamNotice];
    expect(notice.kind).toBe('refused-wait');
    await boss.setFaults([]);
    expect((await pending).reply.toString()).toBe(await direct('nodeid'));
  });

  it('refuses an oversized request without forwarding it', async () => {
    const path = await startProxy();
    const before = boss.requests.length;
    const r = await rawRequest({ path }, `VERSION=34 bootlog ${'x'.repeat(16_400)} `);
    expect(r.reply.length).toBe(0);
    expect(proxy.stats().refused).toBe(1);
    expect(boss.requests.length).toBe(before);
  });

  it('times out a slow client and keeps serving others', async () => {
    const path = await startProxy({ readDeadlineMs: 150, idleWindowMs: 60_000 });
    const summary = once(proxy, 'request');
    const slow = rawRequest({ path }, 'VERSION=34 nod');
    const fast = await rawRequest({ path }, 'VERSION=34 nodeid ');
    expect(fast.reply.toString()).toBe(await direct('nodeid'));
    expect((await slow).reply.length).toBe(0);
    const [first] = (await summary) as [RequestSummary];
    expect(['ok', 'read-timeout']).toContain(first.outcome);
    expect(proxy.stats().refused).toBe(1);
  });

  it('clients that leave early (before, while waiting, mid-reply) leave the proxy healthy', async () => {
    const path = await startProxy();
    await boss.setFaults([{ kind: 'trickle', chunkBytes: 64, intervalMs: 5 }]);
    const done = collect(proxy, 12);
    const leavers = Array.from({ length: 12 }, (_, i) =>
      new Promise<void>((resolve) => {
        const s = connect({ path });
        s.on('error', () => undefined);
        s.on('close', () => resolve());
        s.on('connect', () => {
          if (i % 3 === 0) s.destroy(); // before sending
          else s.write('VERSION=34 fullconfig ', () => (i % 3 === 1 ? s.destroy() : undefined));
        });
        if (i % 3 === 2) s.once('data', () => s.destroy()); // mid-reply
      }),
    );
    await Promise.all(leavers);
    const outcomes = (await done).map((s) => s.outcome);
    expect(outcomes.every((o) => o === 'client-gone' || o === 'ok')).toBe(true);
    expect(proxy.stats().active).toBe(0);
    await boss.setFaults([]);
    const ok = await sendRequest(buildRequest({ command: 'fullconfig' }), { kind: 'unix', path }, { timeoutMs: 5000 });
    expect(ok.toString()).toBe(await direct('fullconfig'));
  });
});

describe('inet proxy', () => {
  it('serves TCP and UDP on one port, UDP forwarded over UDP', async () => {
    proxy = createProxy({
      listen: { kind: 'inet', host: '127.0.0.1', port: 0 },
      vnodeId: VNODE,
      privKey: KEY,
      upstream: { kind: 'tcp', host: boss.host, ports: boss.ports, tls: null },
    });
    await proxy.start();
    const { host, port } = proxy.address() as { host: string; port: number };
    const expected = await direct('nodeid');
    const tcp: Target = { kind: 'tcp', host, ports: [port], tls: null };
    expect((await sendRequest(buildRequest({ command: 'nodeid', vnodeId: 'other' }), tcp, { timeoutMs: 5000 })).toString()).toBe(expected);
    const udp: Target = { kind: 'udp', host, port };
    expect((await sendRequest(buildRequest({ command: 'nodeid' }), udp, { timeoutMs: 5000 })).toString()).toBe(expected);
    expect(boss.requests.some((r) => r.transport === 'udp' && r.parsed.vnodeId === VNODE)).toBe(true);
  });
});
