// A connect flood from inside the vnode (connections that never send a
// request) must not lock the vnode's own tmcc out: past maxReading the oldest
// idle connection is closed and a new client is still served (issue 10).
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProxy, type TmccProxy } from '../../src/proxy/create-proxy.js';
import { until } from '../helpers/until.js';
import type { RequestSummary } from '../../src/proxy/serve-request.js';
import { rawRequest } from '../helpers/raw-client.js';
import { standInSend, startStandIn, type StandIn } from '../helpers/stand-in.js';

const MAX_READING = 16;
const FLOOD = 64;

let dir: string;
let boss: StandIn;
let proxy: TmccProxy | null = null;
const idle: Socket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-flood-'));
  boss = await startStandIn();
});
afterEach(async () => {
  for (const s of idle.splice(0)) s.destroy();
  await proxy?.stop();
  proxy = null;
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});


describe('connect flood', () => {
  it(`closes the oldest of ${FLOOD} idle connections past maxReading and still serves a new client`, async () => {
    proxy = createProxy({
      listen: { kind: 'unix', path: join(dir, 'tmcc') },
      vnodeId: 'pcvm1-1',
      upstream: { kind: 'tcp', host: '127.0.0.1', ports: [boss.port] },
      send: standInSend,
      maxReading: MAX_READING,
      // Long enough that only the gate, not the read deadline, can close them.
      readDeadlineMs: 60_000,
    });
    await proxy.start();
    const path = proxy.address() as string;
    let closed = 0;
    const outcomes: string[] = [];
    proxy.on('request', (s: RequestSummary) => outcomes.push(s.outcome));
    for (let i = 0; i < FLOOD; i++) {
      const s = connect({ path });
      s.on('error', () => undefined);
      s.on('close', () => (closed += 1));
      idle.push(s);
      await once(s, 'connect');
    }
    await until('idle connections closed by the gate', () => closed >= FLOOD - MAX_READING);
    // The oldest went; the newest are still open.
    expect(idle.slice(0, FLOOD - MAX_READING).every((s) => s.destroyed)).toBe(true);
    expect(idle.slice(FLOOD - MAX_READING).some((s) => s.destroyed)).toBe(false);
    const r = await rawRequest({ path }, 'VERSION=34 nodeid ');
    expect(r.reply.toString()).toContain('nodeid');
    expect(proxy.stats().evicted).toBeGreaterThanOrEqual(FLOOD - MAX_READING);
    expect(outcomes.filter((o) => o === 'evicted').length).toBeGreaterThanOrEqual(FLOOD - MAX_READING);
  });
});
