import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendRequest } from '../../src/transport/send-request.js';
import { isTmccError } from '../../src/errors.js';
import { closedPort, startTcpServer, startUnixServer, type StreamServer } from '../helpers/servers.js';

const REQ = Buffer.from('VERSION=34 nodeid ');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function tcp(answer: Parameters<typeof startTcpServer>[0], port?: number): Promise<StreamServer> {
  const s = await startTcpServer(answer, port);
  cleanups.push(() => s.close());
  return s;
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isTmccError(err) ? err.code : `not a TmccError: ${String(err)}`;
  }
  return 'resolved';
}

describe('TCP ports', () => {
  it('moves to the second port when the first refuses', async () => {
    const s = await tcp(() => 'second\n');
    const refused = await closedPort();
    const reply = await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [refused, s.port] });
    expect(reply.toString()).toBe('second\n');
    expect(s.requests.map(String)).toEqual([REQ.toString()]);
  });

  it('fails with TMCC_REFUSED when all refuse and retrying is off', async () => {
    const a = await closedPort();
    expect(await codeOf(sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [a, a] }))).toBe('TMCC_REFUSED');
  });

  it('retries refused rounds and succeeds once the server is up', async () => {
    const port = await closedPort();
    let started: Promise<StreamServer> | undefined;
    const reply = await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [port] }, {
      retryRefused: true,
      retryDelayMs: 10,
      onNotice: (line, kind) => {
        expect([line, kind]).toEqual(['Connection to TMCD refused. Waiting ...', 'refused-wait']);
        started ??= tcp(() => 'up\n', port);
      },
    });
    expect(reply.toString()).toBe('up\n');
    expect((await started)?.requests).toHaveLength(1);
  });
});

describe('unix sockets', () => {
  it('retries while the socket does not exist yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tmcc-unix-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'proxy.sock');
    expect(await codeOf(sendRequest(REQ, { kind: 'unix', path }))).toBe('TMCC_REFUSED');
    let started: Promise<StreamServer> | undefined;
    const reply = await sendRequest(REQ, { kind: 'unix', path }, {
      retryRefused: true,
      retryDelayMs: 10,
      onNotice: () => {
        started ??= startUnixServer(path, () => 'unix\n').then((s) => {
          cleanups.push(() => s.close());
          return s;
        });
      },
    });
    expect(reply.toString()).toBe('unix\n');
    expect((await started)?.requests.map(String)).toEqual([REQ.toString()]);
  });
});

describe('reply handling', () => {
  const big = Buffer.alloc(100 * 1024, 0x62);

  it('collects a large reply by default and streams it through onData', async () => {
    const s = await tcp(() => big);
    const seen: Buffer[] = [];
    const reply = await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { onData: (c) => seen.push(c) });
    expect(reply.equals(big)).toBe(true);
    expect(Buffer.concat(seen).equals(big)).toBe(true);
  });

  it('fails with TMCC_TOO_LARGE past maxReplyBytes', async () => {
    const s = await tcp(() => big);
    const p = sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { maxReplyBytes: 16384 });
    expect(await codeOf(p)).toBe('TMCC_TOO_LARGE');
  });

  it('with collectReply false keeps nothing and has no cap', async () => {
    const s = await tcp(() => big);
    let n = 0;
    const reply = await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { collectReply: false, onData: (c) => (n += c.length) });
    expect([reply.length, n]).toEqual([0, big.length]);
  });

  it('passes through a reply that only starts like REDIRECT', async () => {
    const s = await tcp(() => 'REDIR');
    expect((await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] })).toString()).toBe('REDIR');
    const t = await tcp(() => 'REDIRECTX=1\n');
    expect((await sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [t.port] })).toString()).toBe('REDIRECTX=1\n');
  });

  it('honours maxRedirects and refuses a REDIRECT without host', async () => {
    const s = await tcp(() => 'REDIRECT=127.0.0.1\n');
    expect(await codeOf(sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { maxRedirects: 0 }))).toBe('TMCC_REDIRECT_LIMIT');
    const t = await tcp(() => 'REDIRECT=\n');
    expect(await codeOf(sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [t.port] }))).toBe('TMCC_PROTOCOL');
  });
});

describe('cancellation and timeouts', () => {
  it('aborts a request that is waiting for a reply', async () => {
    const s = await tcp(() => null);
    const ctl = new AbortController();
    const p = sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { signal: ctl.signal });
    await s.waitForRequests(1);
    ctl.abort();
    expect(await codeOf(p)).toBe('TMCC_ABORTED');
  });

  it('aborts during the refused-retry pause', async () => {
    const port = await closedPort();
    const ctl = new AbortController();
    const p = sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [port] }, {
      signal: ctl.signal,
      retryRefused: true,
      retryDelayMs: 60_000,
      onNotice: () => ctl.abort(),
    });
    expect(await codeOf(p)).toBe('TMCC_ABORTED');
  });

  it('rejects at once when the signal is already aborted', async () => {
    expect(await codeOf(sendRequest(REQ, { kind: 'unix', path: '/nonexistent' }, { signal: AbortSignal.abort() }))).toBe('TMCC_ABORTED');
  });

  it('times out without progress (timeoutMs)', async () => {
    const s = await tcp(() => null);
    expect(await codeOf(sendRequest(REQ, { kind: 'tcp', host: '127.0.0.1', ports: [s.port] }, { timeoutMs: 200 }))).toBe('TMCC_TIMEOUT');
  });
});

describe('target checks', () => {
  it.each([
    [{ kind: 'tcp' as const, host: '127.0.0.1', ports: [0] }],
    [{ kind: 'tcp' as const, host: '127.0.0.1', ports: [] }],
    [{ kind: 'udp' as const, host: '127.0.0.1', port: 70000 }],
    [{ kind: 'unix' as const, path: '' }],
  ])('%j is refused as TMCC_USAGE', async (target) => {
    expect(await codeOf(sendRequest(REQ, target))).toBe('TMCC_USAGE');
  });
});
