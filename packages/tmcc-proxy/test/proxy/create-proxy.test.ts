// The proxy against a loopback tmcd stand-in with an injected sender; the
// same behaviours against the shared boss simulator and tmcc's real sender
// are in acceptance.test.ts.
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProxyError } from '../../src/errors/proxy-error.js';
import { createProxy, type TmccProxy } from '../../src/proxy/create-proxy.js';
import type { ProxyOptions } from '../../src/proxy/options.js';
import type { RequestSummary } from '../../src/proxy/serve-request.js';
import { captureLog } from '../helpers/log-capture.js';
import { rawRequest } from '../helpers/raw-client.js';
import { standInSend, startStandIn, type StandIn } from '../helpers/stand-in.js';

const KEY = '0123456789abcdef0123';
let dir: string;
let boss: StandIn;
const proxies: TmccProxy[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-'));
  boss = await startStandIn();
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

function make(extra: Partial<ProxyOptions> = {}): TmccProxy {
  const p = createProxy({
    listen: { kind: 'unix', path: join(dir, 'tmcc') },
    vnodeId: 'pcvm1-1',
    privKey: KEY,
    upstream: { kind: 'tcp', host: '127.0.0.1', ports: [boss.port] },
    send: standInSend,
    retryRefusedDelayMs: 10,
    ...extra,
  });
  proxies.push(p);
  return p;
}

function nextSummary(p: TmccProxy): Promise<RequestSummary> {
  return once(p, 'request').then(([s]) => s as RequestSummary);
}

const sock = (p: TmccProxy) => ({ path: p.address() as string });

async function leaveStaleSocket(path: string): Promise<void> {
  const code = "require('net').createServer().listen(process.argv[1], () => console.log('ready'))";
  const child = spawn(process.execPath, ['-e', code, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await once(child.stdout, 'data');
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

describe('unix proxy', () => {
  it('forwards with its own identity, streams the reply back, and logs one line without the key', async () => {
    const cap = captureLog();
    const p = make({ log: cap.log, debug: true });
    await p.start();
    const summary = nextSummary(p);
    const r = await rawRequest(sock(p), 'VNODEID=other PRIVKEY=ffffffffffffffffffff xVNODEID=y VERSION=34 nodeid ');
    expect(r.error).toBeNull();
    expect(r.reply.toString()).toBe(`ECHO VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 nodeid \n`);
    expect(boss.requests).toEqual([`VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 nodeid `]);
    const s = await summary;
    expect(s).toMatchObject({ vnode: 'pcvm1-1', transport: 'unix', command: 'nodeid', outcome: 'ok', spoofs: 3 });
    expect(s.replyBytes).toBe(r.reply.length);
    expect(p.stats()).toMatchObject({ served: 1, spoofAttempts: 1, active: 0 });
    const lines = cap.lines();
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(1);
    expect(lines.find((l) => l.level === 40 && (l.spoofs as string[]).includes('PRIVKEY'))).toBeDefined();
    expect(cap.text()).not.toContain(KEY);
    expect(cap.text()).not.toContain('ffffffffffffffffffff');
  });

  it('creates the socket with mode 0777 by default and the given mode otherwise', async () => {
    const p = make();
    await p.start();
    expect((await stat(p.address() as string)).mode & 0o777).toBe(0o777);
    await p.stop();
    const q = make({ listen: { kind: 'unix', path: join(dir, 'q'), mode: 0o600 } });
    await q.start();
    expect((await stat(q.address() as string)).mode & 0o777).toBe(0o600);
  });

  it('serves a client that never half-closes and does not end with a space after the idle window', async () => {
    const p = make({ idleWindowMs: 20 });
    await p.start();
    const r = await rawRequest(sock(p), 'VERSION=34 bootlog some-data');
    expect(r.reply.toString()).toContain('bootlog some-data \n');
  });

  it('answers 64 concurrent clients', async () => {
    const p = make({ maxConcurrent: 8 });
    await p.start();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => rawRequest(sock(p), `VERSION=34 ifconfig n${i} `)),
    );
    results.forEach((r, i) => expect(r.reply.toString()).toContain(`ifconfig n${i} \n`));
    expect(p.stats()).toMatchObject({ served: 64, failed: 0, active: 0 });
  });

  it('refuses a request larger than 16383 bytes without forwarding it', async () => {
    const p = make();
    await p.start();
    const summary = nextSummary(p);
    const r = await rawRequest(sock(p), `VERSION=34 bootlog ${'x'.repeat(17000)} `);
    expect(r.reply.length).toBe(0);
    expect((await summary).outcome).toBe('too-large');
    expect(boss.requests).toEqual([]);
    expect(p.stats().refused).toBe(1);
  });

  it('closes a client that sends nothing before the read deadline, and keeps serving', async () => {
    const p = make({ readDeadlineMs: 50 });
    await p.start();
    const summary = nextSummary(p);
    const r = await rawRequest(sock(p), '');
    expect(r.reply.length).toBe(0);
    expect((await summary).outcome).toBe('read-timeout');
    expect((await rawRequest(sock(p), 'VERSION=34 nodeid ')).reply.length).toBeGreaterThan(0);
  });

  it('closes clients with no reply at the deadline while boss refuses, then recovers', async () => {
    await boss.setRefusing(true);
    const p = make({ requestDeadlineMs: 100 });
    await p.start();
    const results = await Promise.all(Array.from({ length: 4 }, () => rawRequest(sock(p), 'VERSION=34 nodeid ')));
    for (const r of results) expect(r.reply.length).toBe(0);
    expect(p.stats()).toMatchObject({ failed: 4, active: 0 });
    await boss.setRefusing(false);
    const ok = await rawRequest(sock(p), 'VERSION=34 nodeid ');
    expect(ok.reply.toString()).toContain('nodeid');
  });

  it('survives clients that leave before or during the reply', async () => {
    await boss.stop();
    boss = await startStandIn(() => Array.from({ length: 20 }, (_, i) => Buffer.from(`LINE ${i}\n`)));
    const p = make();
    await p.start();
    const { connect } = await import('node:net');
    // Leaves right after sending.
    const gone1 = nextSummary(p);
    const a = connect(sock(p), () => a.end('VERSION=34 fullconfig ', () => a.destroy()));
    await once(a, 'close');
    expect((await gone1).outcome).toMatch(/client-gone|ok/);
    // Leaves after the first reply bytes.
    const gone2 = nextSummary(p);
    const b = connect(sock(p), () => b.write('VERSION=34 fullconfig '));
    b.once('data', () => b.destroy());
    await once(b, 'close');
    expect((await gone2).outcome).toMatch(/client-gone|ok/);
    const r = await rawRequest(sock(p), 'VERSION=34 fullconfig ');
    expect(r.reply.toString().split('\n')).toHaveLength(21);
    expect(p.stats().active).toBe(0);
  });

  it('removes a stale socket file but never a regular file or a live socket', async () => {
    const stalePath = join(dir, 'stale');
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(stalePath, resolve));
    // A live server owns the path: refuse.
    await expect(make({ listen: { kind: 'unix', path: stalePath } }).start()).rejects.toMatchObject({ code: 'PROXY_ADDRESS_IN_USE' });
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    // A stale socket is what a process killed by SIGKILL leaves behind.
    await leaveStaleSocket(stalePath);
    expect((await lstat(stalePath)).isSocket()).toBe(true);
    const p = make({ listen: { kind: 'unix', path: stalePath } });
    await p.start();
    expect((await rawRequest(sock(p), 'VERSION=34 nodeid ')).reply.length).toBeGreaterThan(0);

    const filePath = join(dir, 'file');
    await writeFile(filePath, 'keep me');
    const err = await make({ listen: { kind: 'unix', path: filePath } }).start().catch((e: unknown) => e);
    expect(isProxyError(err) && err.code).toBe('PROXY_PATH_EXISTS');
    expect((await stat(filePath)).isFile()).toBe(true);
  });

  it('refuses a path longer than sun_path with a clear error', async () => {
    const long = join(dir, 'x'.repeat(120));
    await expect(make({ listen: { kind: 'unix', path: long }, platform: 'linux' }).start()).rejects.toMatchObject({
      code: 'PROXY_PATH_TOO_LONG',
    });
  });

  it('removes its socket on stop and serves again after restart', async () => {
    const p = make();
    await p.start();
    const path = p.address() as string;
    await p.restart();
    expect((await rawRequest({ path }, 'VERSION=34 nodeid ')).reply.length).toBeGreaterThan(0);
    await p.stop();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => p.address()).toThrow(/not running/);
  });

  it('rejects a vnode id that is not [-\\w]+', () => {
    expect(() => make({ vnodeId: 'a b' })).toThrow(expect.objectContaining({ code: 'PROXY_USAGE' }));
  });
});

describe('inet proxy', () => {
  it('serves tcp and udp on the same port; the udp reply comes from another port', async () => {
    const udpAnswers: string[] = [];
    const p = make({
      listen: { kind: 'inet', host: '127.0.0.1', port: 0 },
      send: async (req, target, opts) => {
        if (target.kind === 'udp') {
          udpAnswers.push(req.toString());
          const reply = Buffer.from(`UDP ${req.toString()}\n`);
          opts?.onData?.(reply);
          return reply;
        }
        return standInSend(req, target, opts);
      },
    });
    await p.start();
    const addr = p.address() as { host: string; port: number };
    const tcp = await rawRequest(addr, 'VERSION=34 nodeid ', { halfClose: true });
    expect(tcp.reply.toString()).toBe(`ECHO VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 nodeid \n`);
    // USEUDP=1 over tcp switches the upstream to udp.
    const viaUdp = await rawRequest(addr, 'USEUDP=1 VERSION=34 nodeid ');
    expect(viaUdp.reply.toString()).toMatch(/^UDP /);

    const { createSocket } = await import('node:dgram');
    const c = createSocket('udp4');
    await new Promise<void>((resolve) => c.bind(0, '127.0.0.1', resolve));
    c.send('VNODEID=x VERSION=34 nodeid ', addr.port, addr.host);
    const [msg, rinfo] = (await once(c, 'message')) as [Buffer, { port: number }];
    c.close();
    expect(msg.toString()).toBe(`UDP VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 nodeid \n`);
    expect(rinfo.port).not.toBe(addr.port);
    expect(udpAnswers).toHaveLength(2);
  });

  it('resets a tcp client at the deadline, so it can tell failure from an empty answer', async () => {
    await boss.setRefusing(true);
    const p = make({ listen: { kind: 'inet', host: '127.0.0.1', port: 0 }, requestDeadlineMs: 100 });
    await p.start();
    const summary = nextSummary(p);
    const r = await rawRequest(p.address() as { host: string; port: number }, 'VERSION=34 nodeid ', { halfClose: true });
    expect(r.reply.length).toBe(0);
    expect(r.error).toBe('ECONNRESET');
    expect((await summary).outcome).toBe('deadline');
    await boss.setRefusing(false);
  });
});
