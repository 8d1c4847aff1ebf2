import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExperiment, startBoss, type BossSimulator } from '../../src/index.js';
import { tcpRequest, tcpText, UdpClient } from '../helpers/clients.js';

const exp = loadExperiment('three-vnodes');
const NODEID = 'VNODEID=pcvm1-1 VERSION=34 nodeid ';
let boss: BossSimulator | undefined;
afterEach(async () => {
  await boss?.stop();
  boss = undefined;
});

describe('refuse', () => {
  it('stops listening (real ECONNREFUSED) until the fault is removed, on the same port', async () => {
    boss = await startBoss({ experiment: exp });
    const port = boss.port;
    await boss.setFaults([{ kind: 'refuse' }]);
    expect((await tcpRequest(port, NODEID)).error?.code).toBe('ECONNREFUSED');
    await boss.setFaults([]);
    expect(boss.port).toBe(port);
    expect(await tcpText(port, NODEID)).toBe('pcvm1-1\n');
  });

  it('listens again by itself after forMs', async () => {
    boss = await startBoss({ experiment: exp });
    const back = once(boss as unknown as NodeJS.EventEmitter, 'listening');
    await boss.setFaults([{ kind: 'refuse', forMs: 50 }]);
    expect((await tcpRequest(boss.port, NODEID)).error?.code).toBe('ECONNREFUSED');
    const [event] = (await back) as [{ port: number }];
    expect(event.port).toBe(boss.port);
    expect(await tcpText(boss.port, NODEID)).toBe('pcvm1-1\n');
  });

  it('can refuse only the first of two ports (fallback to the second)', async () => {
    boss = await startBoss({ experiment: exp, ports: 2, faults: [{ kind: 'refuse', portIndex: 0 }] });
    const [first, second] = boss.ports as [number, number];
    expect((await tcpRequest(first, NODEID)).error?.code).toBe('ECONNREFUSED');
    expect(await tcpText(second, NODEID)).toBe('pcvm1-1\n');
  });

  it('keeps serving a connection accepted before the refusal', async () => {
    boss = await startBoss({ experiment: exp });
    const b = boss;
    const accepted = once(b as unknown as NodeJS.EventEmitter, 'connection');
    // Accepted, but the request is written only once the listener has gone away
    // (ordered by promises: a timed gap between two pieces raced the reader's
    // idle cut under load).
    let refused!: () => void;
    const pending = tcpRequest(b.port, NODEID, { sendAfter: new Promise<void>((r) => (refused = r)) });
    await accepted;
    await b.setFaults([{ kind: 'refuse' }]);
    expect((await tcpRequest(b.port, NODEID)).error?.code).toBe('ECONNREFUSED');
    refused();
    expect((await pending).data.toString()).toBe('pcvm1-1\n');
  });
});

describe('refuse and stop', () => {
  it('leaves no listener behind when stop() races a re-listen', async () => {
    const b = await startBoss({ experiment: exp, faults: [{ kind: 'refuse' }] });
    const port = b.port;
    const relisten = b.setFaults([]);
    await b.stop();
    await relisten;
    expect((await tcpRequest(port, NODEID)).error?.code).toBe('ECONNREFUSED');
  });
});

describe('delay', () => {
  it('holds the reply back (client gives up first) and counts down', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'delay', ms: 60_000, count: 1 }] });
    const slow = await tcpRequest(boss.port, NODEID, { timeoutMs: 200 });
    expect(slow.error?.code).toBe('ETIMEDOUT');
    expect(slow.data.length).toBe(0);
    expect(await tcpText(boss.port, NODEID)).toBe('pcvm1-1\n');
  });

  it('a small per-request delay still answers many concurrent clients', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'delay', ms: 5 }] });
    const b = boss;
    const replies = await Promise.all(Array.from({ length: 40 }, () => tcpText(b.port, NODEID)));
    expect(new Set(replies)).toEqual(new Set(['pcvm1-1\n']));
  });

  it('applies only to the matching command', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'delay', ms: 60_000, match: { command: 'fullconfig' } }] });
    expect(await tcpText(boss.port, NODEID)).toBe('pcvm1-1\n');
    expect((await tcpRequest(boss.port, 'VNODEID=pcvm1-1 VERSION=34 fullconfig ', { timeoutMs: 200 })).error?.code).toBe('ETIMEDOUT');
  });
});

describe('stop', () => {
  it('closes a connection held back by a delay, and fails pending waits', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'delay', ms: 60_000 }] });
    const b = boss;
    const accepted = once(b as unknown as NodeJS.EventEmitter, 'connection');
    const pending = tcpRequest(b.port, NODEID);
    const waiting = b.waitForState('pcvm1-1', 'ISUP', 60_000).then(
      () => undefined,
      (err: unknown) => err,
    );
    await accepted;
    await b.stop();
    const r = await pending;
    expect(r.data.length).toBe(0);
    expect(r.error?.code).not.toBe('ETIMEDOUT');
    expect(await waiting).toMatchObject({ code: 'BOSS_STOPPED' });
  });
});

describe('trickle', () => {
  it('sends the reply in several pieces', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'trickle', chunkBytes: 3, intervalMs: 15 }] });
    const r = await tcpRequest(boss.port, NODEID);
    expect(r.data.toString()).toBe('pcvm1-1\n');
    expect(r.chunks).toBeGreaterThan(1);
  });
});

describe('redirect', () => {
  it('answers REDIRECT=<to> N times, then the real reply', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'redirect', to: '127.0.0.1:pcvm1-2', count: 2 }] });
    expect(await tcpText(boss.port, NODEID)).toBe('REDIRECT=127.0.0.1:pcvm1-2\n');
    expect(await tcpText(boss.port, NODEID)).toBe('REDIRECT=127.0.0.1:pcvm1-2\n');
    expect(await tcpText(boss.port, NODEID)).toBe('pcvm1-1\n');
    expect(boss.requests.map((r) => r.outcome)).toEqual(['redirect', 'redirect', 'answered']);
  });
});

describe('close early', () => {
  it('closes after reading the request, without a reply, and records it', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'close-early', count: 1 }] });
    const r = await tcpRequest(boss.port, 'VNODEID=pcvm1-1 VERSION=34 state ISUP ');
    expect(r.error).toBeUndefined();
    expect(r.data.length).toBe(0);
    expect(boss.requests[0]).toMatchObject({ outcome: 'closed', parsed: { command: 'state' } });
    // Not processed: the state was not recorded.
    expect(boss.states()).toEqual([]);
  });

  it('closes right after accept without reading', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'close-early', when: 'accept' }] });
    const r = await tcpRequest(boss.port, NODEID);
    expect(r.data.length).toBe(0);
    expect(boss.requests[0]?.raw.length).toBe(0);
  });

  it('can reset instead of closing', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'close-early', reset: true }] });
    const r = await tcpRequest(boss.port, NODEID);
    expect(r.error?.code).toBe('ECONNRESET');
    expect(boss.requests[0]?.outcome).toBe('reset');
  });
});

describe('garbage', () => {
  it('sends the given bytes', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'garbage', data: '\u0000\u00ff not tmcd' }] });
    const r = await tcpRequest(boss.port, NODEID);
    expect(r.data.equals(Buffer.from('\u0000\u00ff not tmcd', 'latin1'))).toBe(true);
  });

  it('sends N random bytes', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'garbage', bytes: 300 }] });
    const r = await tcpRequest(boss.port, NODEID);
    expect(r.data.length).toBe(300);
    expect(boss.requests[0]?.reply.equals(r.data)).toBe(true);
  });
});

describe('faults over UDP', () => {
  it('redirect and garbage become datagrams; close-early sends none', async () => {
    boss = await startBoss({ experiment: exp });
    const client = new UdpClient();
    try {
      await boss.setFaults([{ kind: 'close-early', count: 1 }, { kind: 'redirect', to: 'boss', count: 1 }]);
      await client.send(boss.port, NODEID);
      await client.send(boss.port, NODEID);
      await client.send(boss.port, NODEID);
      const got = await client.waitFor(2);
      expect(got.map((b) => b.toString())).toEqual(['REDIRECT=boss\n', 'pcvm1-1\n']);
    } finally {
      await client.close();
    }
  });

  it('transport: tcp leaves UDP alone', async () => {
    boss = await startBoss({ experiment: exp, faults: [{ kind: 'garbage', data: 'x', transport: 'tcp' }] });
    const client = new UdpClient();
    try {
      await client.send(boss.port, NODEID);
      expect((await client.waitFor(1))[0]?.toString()).toBe('pcvm1-1\n');
    } finally {
      await client.close();
    }
  });
});
