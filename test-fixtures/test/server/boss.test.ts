import { afterEach, describe, expect, it } from 'vitest';
import { loadExperiment, startBoss, type BossSimulator } from '../../src/index.js';
import { tcpRequest, tcpText, UdpClient } from '../helpers/clients.js';

const exp = loadExperiment('three-vnodes');
let boss: BossSimulator | undefined;
afterEach(async () => {
  await boss?.stop();
  boss = undefined;
});

describe('startBoss over TCP', () => {
  it('answers nodeid as the host or as a hosted vnode', async () => {
    boss = await startBoss({ experiment: exp });
    expect(boss.host).toBe('127.0.0.1');
    expect(await tcpText(boss.port, 'VERSION=34 nodeid ')).toBe('pc1\n');
    expect(await tcpText(boss.port, 'VNODEID=pcvm1-2 VERSION=34 nodeid ')).toBe('pcvm1-2\n');
  });

  it('gives an empty reply for an unknown vnode or command', async () => {
    boss = await startBoss({ experiment: exp });
    expect(await tcpText(boss.port, 'VNODEID=pcvm9-9 VERSION=34 nodeid ')).toBe('');
    expect(await tcpText(boss.port, 'VERSION=34 frobnicate ')).toBe('');
  });

  it('answers without waiting for EOF (no half-close) and with one', async () => {
    boss = await startBoss({ experiment: exp });
    const open = await tcpRequest(boss.port, 'VERSION=34 vnodelist ', { halfClose: false });
    const closed = await tcpRequest(boss.port, 'VERSION=34 vnodelist ', { halfClose: true });
    expect(open.data.toString()).toBe('VNODEID=pcvm1-1 JAILED=1\nVNODEID=pcvm1-2 JAILED=1\nVNODEID=pcvm1-3 JAILED=1\n');
    expect(closed.data.toString()).toBe(open.data.toString());
  });

  it('joins a request split across segments', async () => {
    boss = await startBoss({ experiment: exp });
    const r = await tcpRequest(boss.port, ['VNODEID=pcvm1-1 VERS', 'ION=34 nodeid '], { gapMs: 10 });
    expect(r.data.toString()).toBe('pcvm1-1\n');
    expect(boss.requests.at(-1)?.raw.toString()).toBe('VNODEID=pcvm1-1 VERSION=34 nodeid ');
  });

  it('records every request with raw bytes, transport, peer and parsed fields', async () => {
    boss = await startBoss({ experiment: exp });
    await tcpText(boss.port, 'VNODEID=pcvm1-3 VERSION=34 ifconfig a b ');
    const r = boss.requests[0];
    expect(r?.transport).toBe('tcp');
    expect(r?.raw.equals(Buffer.from('VNODEID=pcvm1-3 VERSION=34 ifconfig a b '))).toBe(true);
    expect(r?.peer.address).toMatch(/127\.0\.0\.1$/);
    expect(r?.parsed).toMatchObject({ vnodeId: 'pcvm1-3', version: 34, command: 'ifconfig', argv: ['a', 'b'] });
    expect(r?.caller).toBe('pcvm1-3');
    expect(r?.outcome).toBe('answered');
  });
});

describe('state recording', () => {
  it('records state per vnode and resolves waitForState on the event', async () => {
    boss = await startBoss({ experiment: exp });
    const b = boss;
    const waiting = b.waitForState('pcvm1-1', 'ISUP', 5000);
    expect(await tcpText(b.port, 'VNODEID=pcvm1-1 VERSION=34 state BOOTING ')).toBe('');
    expect(await tcpText(b.port, 'VNODEID=pcvm1-1 VERSION=34 state ISUP ')).toBe('');
    await waiting;
    expect(b.states('pcvm1-1').map((s) => s.state)).toEqual(['BOOTING', 'ISUP']);
    expect(b.states().every((s) => typeof s.at === 'number')).toBe(true);
    // Already reached: resolves at once.
    await b.waitForState('pcvm1-1', 'BOOTING', 10);
  });

  it('waits for the nth report of a state (ISUP after a reboot)', async () => {
    boss = await startBoss({ experiment: exp });
    const b = boss;
    const second = b.waitForState('pcvm1-1', 'ISUP', 5000, { nth: 2 });
    for (const s of ['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP']) {
      await tcpText(b.port, `VNODEID=pcvm1-1 VERSION=34 state ${s} `);
    }
    await second;
    await b.waitForState('pcvm1-1', 'ISUP', 10, { nth: 2 });
    await expect(b.waitForState('pcvm1-1', 'ISUP', 10, { nth: 3 })).rejects.toMatchObject({ code: 'BOSS_STATE_TIMEOUT' });
  });

  it('rejects waitForState at its deadline with the states seen', async () => {
    boss = await startBoss({ experiment: exp });
    await tcpText(boss.port, 'VNODEID=pcvm1-2 VERSION=34 state BOOTING ');
    await expect(boss.waitForState('pcvm1-2', 'ISUP', 30)).rejects.toMatchObject({ code: 'BOSS_STATE_TIMEOUT' });
  });

  it('does not record a malformed state or one from an unknown vnode', async () => {
    boss = await startBoss({ experiment: exp });
    await tcpText(boss.port, 'VNODEID=pcvm1-2 VERSION=34 state BAD!STATE ');
    await tcpText(boss.port, 'VNODEID=nosuch VERSION=34 state ISUP ');
    expect(boss.states()).toEqual([]);
  });
});

describe('UDP', () => {
  it('answers in one datagram and sends none for an empty reply', async () => {
    boss = await startBoss({ experiment: exp });
    const client = new UdpClient();
    try {
      await client.send(boss.port, 'VNODEID=pcvm1-1 VERSION=34 state BOOTING ');
      await client.send(boss.port, 'VNODEID=pcvm1-1 VERSION=34 nodeid ');
      const [first] = await client.waitFor(1);
      // The state request came first but produced nothing.
      expect(first?.toString()).toBe('pcvm1-1\n');
      expect(boss.states('pcvm1-1').map((s) => s.state)).toEqual(['BOOTING']);
      expect(boss.requests.map((r) => r.transport)).toEqual(['udp', 'udp']);
      expect(boss.requests[0]?.outcome).toBe('empty');
    } finally {
      await client.close();
    }
  });

  it('refuses accounts over UDP (no datagram) but serves it over TCP', async () => {
    boss = await startBoss({ experiment: exp });
    const client = new UdpClient();
    try {
      await client.send(boss.port, 'VNODEID=pcvm1-1 VERSION=34 accounts ');
      await client.send(boss.port, 'VNODEID=pcvm1-1 VERSION=34 isalive ');
      const [first] = await client.waitFor(1);
      expect(first?.toString()).toBe('UPDATE=0\n');
    } finally {
      await client.close();
    }
    expect(await tcpText(boss.port, 'VNODEID=pcvm1-1 VERSION=34 accounts ')).toMatch(/^ADDGROUP NAME=testbed GID=6011\n/);
  });
});

describe('privkey', () => {
  it('requires the experiment key when one is set', async () => {
    const key = '0123456789abcdef0123';
    boss = await startBoss({ experiment: { ...exp, privkey: key } });
    expect(await tcpText(boss.port, 'VNODEID=pcvm1-1 VERSION=34 nodeid ')).toBe('');
    expect(await tcpText(boss.port, 'VNODEID=pcvm1-1 PRIVKEY=0123456789abcdef0000 VERSION=34 nodeid ')).toBe('');
    expect(await tcpText(boss.port, `VNODEID=pcvm1-1 PRIVKEY=${key} VERSION=34 nodeid `)).toBe('pcvm1-1\n');
  });
});

describe('second port', () => {
  it('listens on two ports, TCP and UDP on each', async () => {
    boss = await startBoss({ experiment: exp, ports: 2 });
    expect(boss.ports).toHaveLength(2);
    expect(new Set(boss.ports).size).toBe(2);
    const second = boss.ports[1] ?? 0;
    expect(await tcpText(second, 'VERSION=34 nodeid ')).toBe('pc1\n');
    expect(boss.requests[0]?.localPort).toBe(second);
  });
});
