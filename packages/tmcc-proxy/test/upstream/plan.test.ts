import { planRedirect, type Target } from '@tbvnode/tmcc';
import { describe, expect, it } from 'vitest';
import { afterConnectError, afterRedirect, leanTarget, type AfterConnectError } from '../../src/upstream/plan.js';

const tcp = (extra: Partial<Extract<Target, { kind: 'tcp' }>> = {}): Target => ({ kind: 'tcp', host: '127.0.0.1', ports: [7777, 14447], tls: null, ...extra });
const tls = { cert: Buffer.from('c'), key: Buffer.from('k'), ca: Buffer.from('a') };

describe('leanTarget', () => {
  it.each<[string, Target, { injectedSend: boolean; noProgressMs: number }, boolean]>([
    ['plain tcp', tcp(), { injectedSend: false, noProgressMs: 0 }, true],
    ['tls undefined', { kind: 'tcp', host: 'boss', ports: [7777] }, { injectedSend: false, noProgressMs: 0 }, true],
    ['tls', tcp({ tls }), { injectedSend: false, noProgressMs: 0 }, false],
    ['udp', { kind: 'udp', host: '127.0.0.1', port: 7777 }, { injectedSend: false, noProgressMs: 0 }, false],
    ['unix (another proxy)', { kind: 'unix', path: '/x/tmcc' }, { injectedSend: false, noProgressMs: 0 }, false],
    ['injected sender', tcp(), { injectedSend: true, noProgressMs: 0 }, false],
    ['no-progress timer (-t of the library)', tcp(), { injectedSend: false, noProgressMs: 1000 }, false],
    ['empty host (tmcc reports it)', tcp({ host: '' }), { injectedSend: false, noProgressMs: 0 }, false],
    ['no port', tcp({ ports: [] }), { injectedSend: false, noProgressMs: 0 }, false],
    ['port 0', tcp({ ports: [0] }), { injectedSend: false, noProgressMs: 0 }, false],
    ['port 65536', tcp({ ports: [7777, 65536] }), { injectedSend: false, noProgressMs: 0 }, false],
    ['fractional port', tcp({ ports: [77.5] }), { injectedSend: false, noProgressMs: 0 }, false],
  ])('%s -> lean %s', (_name, target, o, lean) => {
    const got = leanTarget(target, o);
    expect(got !== null).toBe(lean);
    if (got !== null && target.kind === 'tcp') expect(got).toEqual({ host: target.host, ports: target.ports });
  });
});

describe('afterConnectError', () => {
  it.each<[string | undefined, number, number, AfterConnectError]>([
    ['ECONNREFUSED', 0, 2, 'next-port'],
    ['ECONNREFUSED', 1, 2, 'wait-round'],
    ['ECONNREFUSED', 0, 1, 'wait-round'],
    ['ETIMEDOUT', 0, 2, 'fail'], // 14447 is not tried when 7777 times out
    ['EHOSTUNREACH', 0, 2, 'fail'],
    ['ENOTFOUND', 0, 2, 'fail'],
    ['ECONNRESET', 0, 2, 'fail'],
    [undefined, 0, 2, 'fail'],
  ])('%s on port %i of %i -> %s', (errno, index, count, want) => {
    expect(afterConnectError(errno, index, count)).toBe(want);
  });
});

describe('afterRedirect', () => {
  const req = Buffer.from('VNODEID=pcvm1-1 PRIVKEY=k VERSION=34 nodeid ', 'latin1');
  it.each<[string, string, number, { kind: 'follow'; host: string; request: string; notice: string | null } | { kind: 'fail'; code: string }]>([
    ['host only: same request, no notice', 'REDIRECT=10.0.0.2\n', 4, { kind: 'follow', host: '10.0.0.2', request: req.toString('latin1'), notice: null }],
    [
      'host and vnode: rewritten, notice',
      'REDIRECT=10.0.0.2:pcvm2-1\n',
      1,
      { kind: 'follow', host: '10.0.0.2', request: 'VNODEID=pcvm2-1 PRIVKEY=k VERSION=34 nodeid ', notice: 'VNODEID=pcvm2-1 PRIVKEY=k VERSION=34 nodeid , 10.0.0.2' },
    ],
    ['no newline at EOF', 'REDIRECT=boss', 4, { kind: 'follow', host: 'boss', request: req.toString('latin1'), notice: null }],
    ['limit reached', 'REDIRECT=10.0.0.2\n', 0, { kind: 'fail', code: 'TMCC_REDIRECT_LIMIT' }],
    ['no host', 'REDIRECT=:pcvm2-1\n', 4, { kind: 'fail', code: 'TMCC_PROTOCOL' }],
  ])('%s', (_name, reply, left, want) => {
    const step = afterRedirect(Buffer.from(reply, 'latin1'), req, left);
    if (want.kind === 'fail') {
      expect(step).toMatchObject({ kind: 'fail', error: { code: want.code } });
      return;
    }
    expect(step.kind).toBe('follow');
    if (step.kind !== 'follow') return;
    expect({ ...step, request: step.request.toString('latin1') }).toEqual(want);
    // The same plan tmcc makes.
    const plan = planRedirect(Buffer.from(reply, 'latin1'), req);
    expect(step.request.equals(plan.request)).toBe(true);
  });
});
