// The proxy end to end with each upstream path: the lean plain-TCP one (the
// default) and tmcc's sendRequest (injected). Same faults, same results:
// replies, 'notice' and 'request' events, stats, and errors never in band.
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRequest, sendRequest } from '@tbvnode/tmcc';
import { generateExperiment, loadExperiment, startBoss, type BossSimulator, type Experiment } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProxy, type TmccProxy } from '../../src/proxy/create-proxy.js';
import type { ProxyOptions } from '../../src/proxy/options.js';
import type { RequestSummary, UpstreamNotice } from '../../src/proxy/serve-request.js';
import { captureLog, type Captured } from '../helpers/log-capture.js';
import { rawRequest } from '../helpers/raw-client.js';

const KEY = '00112233445566778899aabbccddeeff';
const VNODE = 'pcvm1-1';
let dir: string;
let boss: BossSimulator | undefined;
let proxy: TmccProxy | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-paths-'));
});
afterEach(async () => {
  await proxy?.stop();
  await boss?.stop();
  proxy = boss = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function startAll(
  path: 'lean-tcp' | 'tmcc',
  o: { ports?: 1 | 2; experiment?: Experiment; inet?: boolean; proxy?: Partial<ProxyOptions> } = {},
): Promise<{ b: BossSimulator; p: TmccProxy; cap: Captured }> {
  const b = await startBoss({ experiment: { ...(o.experiment ?? loadExperiment('three-vnodes')), privkey: KEY }, ports: o.ports ?? 1, udp: false });
  boss = b;
  const cap = captureLog();
  const p = createProxy({
    listen: o.inet === true ? { kind: 'inet', host: '127.0.0.1', port: 0 } : { kind: 'unix', path: join(dir, 'tmcc') },
    vnodeId: VNODE,
    privKey: KEY,
    upstream: { kind: 'tcp', host: b.host, ports: b.ports, tls: null },
    retryRefusedDelayMs: 20,
    log: cap.log,
    debug: true,
    ...(path === 'tmcc' ? { send: sendRequest } : {}),
    ...o.proxy,
  });
  proxy = p;
  await p.start();
  return { b, p, cap };
}

function nextEvent<T>(p: TmccProxy, name: 'request' | 'notice'): Promise<T> {
  return new Promise((resolve) => p.once(name, (x: T) => resolve(x)));
}

const where = (p: TmccProxy): { path: string } | { host: string; port: number } => {
  const a = p.address();
  return typeof a === 'string' ? { path: a } : a;
};

// What boss answers the vnode directly.
async function direct(b: BossSimulator, command: string, vnodeId = VNODE): Promise<string> {
  const reply = await sendRequest(buildRequest({ command, vnodeId, privKey: KEY }), { kind: 'tcp', host: b.host, ports: b.ports, tls: null });
  return reply.toString('latin1');
}

describe.each(['lean-tcp', 'tmcc'] as const)('upstream path %s', (path) => {
  it('is the one the proxy takes', async () => {
    const { p, cap } = await startAll(path);
    await rawRequest(where(p), 'VERSION=34 nodeid ');
    expect(cap.lines().find((l) => l.msg === 'REQ')?.upstream).toBe(path);
  });

  it('waits while boss refuses (notices), then answers when boss is back', async () => {
    const { b, p } = await startAll(path, { proxy: { requestDeadlineMs: 10_000 } });
    await b.setFaults([{ kind: 'refuse' }]);
    const notice = nextEvent<UpstreamNotice>(p, 'notice');
    const pending = rawRequest(where(p), 'VERSION=34 nodeid ');
    expect(await notice).toEqual({ transport: 'unix', kind: 'refused-wait', line: 'Connection to TMCD refused. Waiting ...' });
    await b.setFaults([]);
    expect((await pending).reply.toString()).toBe(await direct(b, 'nodeid'));
    expect(p.stats()).toMatchObject({ served: 1, failed: 0 });
  });

  it('moves on to the second port when the first refuses', async () => {
    const { b, p } = await startAll(path, { ports: 2 });
    await b.setFaults([{ kind: 'refuse', portIndex: 0 }]);
    const r = await rawRequest(where(p), 'VERSION=34 nodeid ');
    await b.setFaults([]);
    expect(r.reply.toString()).toBe(await direct(b, 'nodeid'));
    expect(b.requests[0]?.localPort).toBe(b.ports[1]);
  });

  it('follows a REDIRECT with a vnode id as tmcc does, with a notice event and no key in the log', async () => {
    const { b, p, cap } = await startAll(path);
    await b.setFaults([{ kind: 'redirect', to: '127.0.0.1:pcvm1-2', count: 1 }]);
    const notice = nextEvent<UpstreamNotice>(p, 'notice');
    const summary = nextEvent<RequestSummary>(p, 'request');
    const r = await rawRequest(where(p), 'VERSION=34 nodeid ');
    expect(r.reply.toString()).toBe(await direct(b, 'nodeid', 'pcvm1-2'));
    expect(await notice).toEqual({ transport: 'unix', kind: 'redirect', line: `VNODEID=pcvm1-2 PRIVKEY=${KEY} VERSION=34 nodeid , 127.0.0.1` });
    expect((await summary).outcome).toBe('ok');
    expect(b.requests.slice(0, 2).map((x) => x.parsed.vnodeId)).toEqual([VNODE, 'pcvm1-2']);
    expect(cap.lines().some((l) => l.msg === 'upstream notice')).toBe(true);
    expect(cap.text()).not.toContain(KEY);
  });

  it('gives up after 4 REDIRECTs: upstream-error, the tcp client reset, no bytes in band', async () => {
    const { b, p } = await startAll(path, { inet: true });
    await b.setFaults([{ kind: 'redirect', to: '127.0.0.1' }]);
    const summary = nextEvent<RequestSummary>(p, 'request');
    const r = await rawRequest(where(p), 'VERSION=34 nodeid ', { halfClose: true });
    expect(r).toEqual({ reply: Buffer.alloc(0), error: 'ECONNRESET' });
    expect(await summary).toMatchObject({ outcome: 'upstream-error', errCode: 'TMCC_REDIRECT_LIMIT' });
    expect(b.requests).toHaveLength(5);
  });

  it('resets the tcp client at the deadline while boss thinks', async () => {
    const { b, p } = await startAll(path, { inet: true, proxy: { requestDeadlineMs: 100 } });
    await b.setFaults([{ kind: 'delay', ms: 60_000 }]);
    const summary = nextEvent<RequestSummary>(p, 'request');
    const r = await rawRequest(where(p), 'VERSION=34 nodeid ', { halfClose: true });
    expect(r).toEqual({ reply: Buffer.alloc(0), error: 'ECONNRESET' });
    expect((await summary).outcome).toBe('deadline');
    expect(p.stats()).toMatchObject({ failed: 1, active: 0 });
  });

  it('reports a reset from boss as upstream-error and closes the client without a reply', async () => {
    const { b, p } = await startAll(path);
    await b.setFaults([{ kind: 'close-early', reset: true }]);
    const summary = nextEvent<RequestSummary>(p, 'request');
    const r = await rawRequest(where(p), 'VERSION=34 nodeid ');
    expect(r.reply.length).toBe(0);
    expect(await summary).toMatchObject({ outcome: 'upstream-error', errCode: 'TMCC_CONNECT' });
  });

  it('streams a trickled reply to the client as it comes', async () => {
    const { b, p } = await startAll(path);
    const expected = await direct(b, 'fullconfig');
    await b.setFaults([{ kind: 'trickle', chunkBytes: 128, intervalMs: 2 }]);
    const got: Buffer[] = [];
    const s = connect(where(p));
    s.on('connect', () => s.write('VERSION=34 fullconfig '));
    s.on('data', (c: Buffer) => got.push(c));
    await new Promise((resolve) => s.on('close', resolve));
    expect(Buffer.concat(got).toString('latin1')).toBe(expected);
    expect(got.length).toBeGreaterThan(1);
  });

  it('forwards a large reply whole', async () => {
    const { b, p } = await startAll(path, { experiment: generateExperiment({ vnodes: 1000, lans: 10 }) });
    const summary = nextEvent<RequestSummary>(p, 'request');
    const r = await rawRequest(where(p), 'VERSION=34 hostnames ');
    const expected = await direct(b, 'hostnames');
    expect(expected.length).toBeGreaterThan(50_000);
    expect(r.reply.toString('latin1')).toBe(expected);
    expect((await summary).replyBytes).toBe(expected.length);
  });

  it('a client leaving mid-reply is client-gone and the proxy serves the next one', async () => {
    const { b, p } = await startAll(path);
    await b.setFaults([{ kind: 'trickle', chunkBytes: 64, intervalMs: 5 }]);
    const summary = nextEvent<RequestSummary>(p, 'request');
    const s = connect(where(p));
    s.on('error', () => undefined);
    s.on('connect', () => s.write('VERSION=34 fullconfig '));
    s.once('data', () => s.destroy());
    await new Promise((resolve) => s.on('close', resolve));
    const gone = await summary;
    expect(gone.outcome).toBe('client-gone');
    expect(gone.replyBytes).toBeGreaterThan(0);
    await b.setFaults([]);
    expect((await rawRequest(where(p), 'VERSION=34 nodeid ')).reply.toString()).toBe(await direct(b, 'nodeid'));
    expect(p.stats()).toMatchObject({ abandoned: 1, served: 1, active: 0 });
  });
});
