import { afterEach, describe, expect, it } from 'vitest';
import { loadExperiment, startBoss, type BossSimulator } from '../../src/index.js';
import { requestComplete } from '../../src/server/read-request.js';
import { tcpRequest } from '../helpers/clients.js';

describe('requestComplete', () => {
  it.each([
    ['', 'tolerant', undefined],
    ['VERSION=34 nodeid ', 'tolerant', 'space'],
    ['VERSION=34 nodeid', 'tolerant', undefined],
    ['VERSION=34 bootlog data', 'tolerant', undefined],
    ['VERSION=34 nod', 'one-read', 'one-read'],
    ['x'.repeat(16383), 'tolerant', 'full'],
  ] as const)('%j (%s) -> %s', (text, framing, end) => {
    expect(requestComplete(Buffer.from(text), framing)).toBe(end);
  });
});

describe('TCP framing in the server', () => {
  const exp = loadExperiment('three-vnodes');
  let boss: BossSimulator | undefined;
  afterEach(async () => {
    await boss?.stop();
    boss = undefined;
  });

  it('takes a request without a trailing space after a quiet spell, without EOF', async () => {
    boss = await startBoss({ experiment: exp, readIdleMs: 20 });
    const r = await tcpRequest(boss.port, 'VNODEID=pcvm1-1 VERSION=34 nodeid');
    expect(r.data.toString()).toBe('pcvm1-1\n');
    expect(boss.requests[0]?.readEnd).toBe('idle');
  });

  it('takes a request at EOF when the client half-closes', async () => {
    boss = await startBoss({ experiment: exp, readIdleMs: 60_000 });
    const r = await tcpRequest(boss.port, 'VERSION=34 nodeid', { halfClose: true });
    expect(r.data.toString()).toBe('pc1\n');
    expect(boss.requests[0]?.readEnd).toBe('eof');
  });

  it("one-read framing parses only the first chunk, as tmcd's single read", async () => {
    boss = await startBoss({ experiment: exp, framing: 'one-read' });
    const r = await tcpRequest(boss.port, ['VERSION=34 nod', 'eid '], { gapMs: 50 });
    expect(r.data.length).toBe(0);
    expect(boss.requests[0]?.raw.toString()).toBe('VERSION=34 nod');
    expect(boss.requests[0]?.parsed.dropped).toBe('unknown-command');
  });

  it('caps the request at 16383 bytes', async () => {
    boss = await startBoss({ experiment: exp });
    const big = `VERSION=34 bootlog ${'x'.repeat(20_000)} `;
    await tcpRequest(boss.port, big, { halfClose: true });
    const rec = boss.requests[0];
    expect(rec?.readEnd).toBe('full');
    expect(rec?.parsed.args?.length).toBe(16383 - 'VERSION=34 bootlog '.length);
  });

  it('drops a connection that sends nothing before the read deadline', async () => {
    boss = await startBoss({ experiment: exp, readTimeoutMs: 50 });
    const r = await tcpRequest(boss.port, []);
    expect(r.data.length).toBe(0);
    expect(boss.requests[0]?.outcome).toBe('timeout');
  });
});
