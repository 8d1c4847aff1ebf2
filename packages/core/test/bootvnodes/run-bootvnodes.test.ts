import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/bootvnodes/map-limit.js';
import type { PlannedAction, VnodeEntry } from '../../src/bootvnodes/plan.js';
import { runBootvnodes, type BootvnodesParts } from '../../src/bootvnodes/run-bootvnodes.js';

const log = pino({ level: 'silent' });
const v = (vnodeId: string): VnodeEntry => ({ vnodeId, jailed: true });

function parts(present: VnodeEntry[], wanted: VnodeEntry[], fail: string[] = []) {
  const events: string[] = [];
  const p: BootvnodesParts = {
    log,
    listPresent: async () => present,
    fetchWanted: async () => (events.push('vnodelist'), wanted),
    prepareHost: async () => void events.push('prepare'),
    act: async (a: PlannedAction) => {
      events.push(`${a.action}:${a.vnodeId}`);
      if (fail.includes(a.vnodeId)) throw new Error('boom');
      return 0;
    },
  };
  return { p, events };
}

describe('runBootvnodes', () => {
  it('cold boot asks boss, prepares the host once, boots each in order', async () => {
    const { p, events } = parts([], [v('c'), v('a'), v('b')]);
    const r = await runBootvnodes({ reconfig: false }, p);
    expect(events).toEqual(['vnodelist', 'prepare', 'boot:a', 'boot:b', 'boot:c']);
    expect(r.exitCode).toBe(0);
  });

  it('an action alone never asks boss nor prepares the host', async () => {
    const { p, events } = parts([v('a'), v('b')], []);
    await runBootvnodes({ action: 'kill', reconfig: false }, p);
    expect(events).toEqual(['kill:a', 'kill:b']);
  });

  it('reconfig stops before it prepares and boots', async () => {
    const { p, events } = parts([v('a'), v('b')], [v('b'), v('c')]);
    await runBootvnodes({ reconfig: true }, p);
    expect(events).toEqual(['vnodelist', 'kill:a', 'reboot:b', 'prepare', 'boot:c']);
  });

  it('boots at most maxVnodes of a 10,000-vnode list, refuses the rest, and fails the run', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => v(`pcvm1-${String(i).padStart(5, '0')}`));
    const { p, events } = parts([v('pcvm0-1')], many);
    const r = await runBootvnodes({ reconfig: false, maxVnodes: 8, concurrency: 4 }, p);
    const boots = events.filter((e) => e.startsWith('boot:'));
    expect(boots).toHaveLength(7); // one vnode is already on the host
    expect(boots[0]).toBe('boot:pcvm1-00000');
    expect(r.refused).toHaveLength(10_000 - 7);
    expect(r.statuses.every((s) => s === 0)).toBe(true);
    expect(r.exitCode).toBe(1);
  });

  it('boots at most 64 by default', async () => {
    const { p, events } = parts([], Array.from({ length: 100 }, (_, i) => v(`pcvm1-${String(i).padStart(3, '0')}`)));
    const r = await runBootvnodes({ reconfig: false, concurrency: 8 }, p);
    expect(events.filter((e) => e.startsWith('boot:'))).toHaveLength(64);
    expect(r.refused).toHaveLength(36);
  });

  it('a failing vnode does not stop the others, and fails the run', async () => {
    const { p, events } = parts([], [v('a'), v('b')], ['a']);
    const r = await runBootvnodes({ reconfig: false }, p);
    expect(events).toEqual(['vnodelist', 'prepare', 'boot:a', 'boot:b']);
    expect(r.statuses).toEqual([1, 0]);
    expect(r.exitCode).toBe(1);
  });
});

describe('mapLimit', () => {
  it('never has more than the limit in flight and keeps order', async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const p = mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
      return n * 10;
    });
    // Release work one gate at a time until all five have run.
    for (let released = 0; released < 5; released++) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await expect(p).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('refuses a nonsense limit', async () => {
    await expect(mapLimit([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});
