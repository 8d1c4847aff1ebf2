import { afterEach, describe, expect, it } from 'vitest';
import { generateExperiment, lanMembers } from '../../src/experiment/generate.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { validateExperiment } from '../../src/experiment/validate.js';
import { parseRequest } from '../../src/protocol/parse-request.js';
import { answerRequest } from '../../src/replies/answer.js';
import { startBoss, type BossSimulator } from '../../src/index.js';
import { tcpText } from '../helpers/clients.js';

describe('lanMembers', () => {
  it.each([
    [3, 2, [[0, 1], [1, 2]]],
    [5, 1, [[0, 1, 2, 3, 4]]],
    [5, 4, [[0, 1], [1, 2], [2, 3], [3, 4]]],
    [1, 1, [[0]]],
    [4, 0, []],
  ])('%i vnodes, %i lans', (vnodes, lans, expected) => {
    expect(lanMembers(vnodes, lans)).toEqual(expected);
  });
});

describe('generateExperiment', () => {
  it('with 3 vnodes and 2 LANs reproduces fixtures/three-vnodes.json, rendering included', () => {
    const generated = generateExperiment({ vnodes: 3, lans: 2, name: 'three-vnodes' });
    const fixture = loadExperiment('three-vnodes');
    expect(generated).toEqual(fixture);
    const loop = { address: '127.0.0.1', loopback: true };
    for (const v of fixture.vnodes) {
      const req = parseRequest(`VNODEID=${v.vnodeId} VERSION=34 fullconfig `);
      expect(answerRequest(generated, req, loop, 'tcp').reply).toBe(answerRequest(fixture, req, loop, 'tcp').reply);
    }
  });

  it('builds 100 valid vnodes with distinct ids, jail IPs, port ranges and LAN addresses', () => {
    const exp = generateExperiment({ vnodes: 100, lans: 4 });
    expect(() => validateExperiment(JSON.parse(JSON.stringify(exp)), 'generated')).not.toThrow();
    expect(exp.vnodes).toHaveLength(100);
    const unique = (xs: unknown[]): number => new Set(xs).size;
    expect(unique(exp.vnodes.map((v) => v.vnodeId))).toBe(100);
    expect(unique(exp.vnodes.map((v) => v.jailconfig.JAILIP))).toBe(100);
    expect(unique(exp.vnodes.map((v) => v.jailconfig.SSHDPORT))).toBe(100);
    const ports = exp.vnodes.map((v) => String(v.jailconfig.PORTRANGE).split(',').map(Number) as [number, number]);
    ports.forEach(([lo, hi], i) => {
      expect(hi).toBeLessThan(65536);
      if (i > 0) expect(lo).toBeGreaterThan((ports[i - 1] as [number, number])[1]);
    });
    const inets = exp.vnodes.flatMap((v) => v.ifconfig.map((f) => f.INET));
    expect(unique(inets)).toBe(inets.length);
    // Chain: 4 LANs over 100 vnodes share 3 boundary vnodes.
    expect(inets).toHaveLength(103);
    expect(exp.lans.map((l) => l.members.length).reduce((a, b) => a + b)).toBe(103);
  });

  it('refuses sizes it cannot address', () => {
    expect(() => generateExperiment({ vnodes: 0 })).toThrow(/vnodes/);
    expect(() => generateExperiment({ vnodes: 300, lans: 1 })).toThrow(/lan0/);
    expect(() => generateExperiment({ vnodes: 3, lans: 3 })).toThrow(/lans/);
  });
});

describe('a boss serving 100 generated vnodes', () => {
  let boss: BossSimulator | undefined;
  afterEach(async () => {
    await boss?.stop();
    boss = undefined;
  });

  it('lists them all and answers each one', async () => {
    const exp = generateExperiment({ vnodes: 100 });
    boss = await startBoss({ experiment: exp });
    const b = boss;
    const list = await tcpText(b.port, 'VERSION=34 vnodelist ');
    expect(list.trimEnd().split('\n')).toHaveLength(100);
    const ids = await Promise.all(exp.vnodes.map((v) => tcpText(b.port, `VNODEID=${v.vnodeId} VERSION=34 nodeid `)));
    expect(ids).toEqual(exp.vnodes.map((v) => `${v.vnodeId}\n`));
    await Promise.all(exp.vnodes.map((v) => tcpText(b.port, `VNODEID=${v.vnodeId} VERSION=34 state ISUP `)));
    await Promise.all(exp.vnodes.map((v) => b.waitForState(v.vnodeId, 'ISUP', 5000)));
    expect(b.states()).toHaveLength(100);
  });
});
