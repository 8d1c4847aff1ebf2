// The supervision hook: a listener failing after start emits 'error' (a
// ProxyError) or, with no 'error' listener, is logged without throwing; and
// restart() brings the proxy back.
//
// The failure itself is injected: on Linux with Node 20 (libuv 1.46) a
// listening socket never reports an error after listen(). libuv drops accept()
// errors (uv__server_io returns without calling back; on EMFILE it sheds the
// pending connections with its spare descriptor; tried with prlimit lowering
// the open-file limit under a running server: accept4 fails with EMFILE over
// and over, no 'error', the client waits in the backlog and is served once
// the limit is back), and an unconnected UDP socket is not told of ICMP
// errors. So
// the tests capture the real server and UDP socket the proxy creates and emit
// 'error' on them, which exercises the proxy's own wiring end to end.
import { Socket as DgramSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isProxyError, type ProxyError } from '../../src/errors/proxy-error.js';
import { createProxy, type TmccProxy } from '../../src/proxy/create-proxy.js';
import type { ListenSpec } from '../../src/proxy/options.js';
import { captureLog, type Captured } from '../helpers/log-capture.js';
import { rawRequest } from '../helpers/raw-client.js';

let dir: string;
let boss: BossSimulator;
let proxy: TmccProxy | undefined;
let servers: Server[];
let udpSockets: DgramSocket[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-sup-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes'), udp: false });
  servers = [];
  udpSockets = [];
  // Remember every server and UDP socket that starts listening.
  const listen = Server.prototype.listen;
  vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server, ...args: unknown[]) {
    servers.push(this);
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  });
  const bind = DgramSocket.prototype.bind;
  vi.spyOn(DgramSocket.prototype, 'bind').mockImplementation(function (this: DgramSocket, ...args: unknown[]) {
    udpSockets.push(this);
    return (bind as (...a: unknown[]) => DgramSocket).apply(this, args);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await proxy?.stop();
  proxy = undefined;
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(listen: ListenSpec, cap: Captured): Promise<TmccProxy> {
  const before = servers.length;
  const p = createProxy({ listen, vnodeId: 'pcvm1-1', upstream: { kind: 'tcp', host: boss.host, ports: boss.ports, tls: null }, log: cap.log });
  proxy = p;
  await p.start();
  // Only the proxy's own listener, not a probe or the boss simulator.
  expect(servers.length).toBeGreaterThan(before);
  return p;
}

const acceptFailed = (): Error => Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', syscall: 'accept' });
const where = (p: TmccProxy): { path: string } | { host: string; port: number } => {
  const a = p.address();
  return typeof a === 'string' ? { path: a } : a;
};

describe('supervision', () => {
  it("emits 'error' with a PROXY_LISTEN ProxyError when the listener fails; restart() serves again", async () => {
    const cap = captureLog();
    const p = await start({ kind: 'unix', path: join(dir, 'tmcc') }, cap);
    const server = servers[servers.length - 1]!;
    const errors: ProxyError[] = [];
    p.on('error', (e: ProxyError) => errors.push(e));
    server.emit('error', acceptFailed());
    expect(errors).toHaveLength(1);
    const [e] = errors;
    expect(isProxyError(e)).toBe(true);
    expect(e).toMatchObject({ code: 'PROXY_LISTEN', cause: { code: 'EMFILE' } });
    expect(e?.message).toContain('listener');
    expect(cap.lines().some((l) => l.level === 50 && l.msg === 'proxy listener failed')).toBe(true);

    await p.restart();
    const fresh = servers[servers.length - 1]!;
    expect(fresh).not.toBe(server);
    expect(server.listening).toBe(false);
    expect((await rawRequest(where(p), 'VERSION=34 nodeid ')).reply.toString()).toBe('pcvm1-1\n');
  });

  it("without an 'error' listener logs the failure and does not throw", async () => {
    const cap = captureLog();
    const p = await start({ kind: 'unix', path: join(dir, 'tmcc') }, cap);
    const server = servers[servers.length - 1]!;
    expect(() => server.emit('error', acceptFailed())).not.toThrow();
    const line = cap.lines().find((l) => l.msg === 'proxy listener failed');
    expect(line).toMatchObject({ level: 50, err: { code: 'PROXY_LISTEN' } });
    // Nothing else broke: the listener still serves.
    expect((await rawRequest(where(p), 'VERSION=34 nodeid ')).reply.toString()).toBe('pcvm1-1\n');
  });

  it("reports a failing UDP listener of the inet proxy the same way", async () => {
    const cap = captureLog();
    const p = await start({ kind: 'inet', host: '127.0.0.1', port: 0 }, cap);
    const udp = udpSockets[udpSockets.length - 1]!;
    const errors: ProxyError[] = [];
    p.on('error', (e: ProxyError) => errors.push(e));
    udp.emit('error', Object.assign(new Error('recvmsg ENOMEM'), { code: 'ENOMEM', syscall: 'recvmsg' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'PROXY_LISTEN', cause: { code: 'ENOMEM' } });
    expect(errors[0]?.message).toContain('udp listener');
    await p.restart();
    expect((await rawRequest(where(p), 'VERSION=34 nodeid ', { halfClose: true })).reply.toString()).toBe('pcvm1-1\n');
  });
});
