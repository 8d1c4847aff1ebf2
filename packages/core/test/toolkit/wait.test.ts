import { describe, expect, it } from 'vitest';
import { escalate, exitWithin, stopWithEscalation, waitUntil, within, isTimedOut } from '../../src/toolkit/wait.js';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock.js';

// A process as the stop sees it: it dies `delay` ms after a signal it obeys, and
// ignores the others. Time is the fake clock's only.
function target(clock: FakeClock, obeys: Partial<Record<NodeJS.Signals, number>>, o: { goneAlready?: boolean } = {}) {
  let goneAt: number | undefined = o.goneAlready ? clock.now() : undefined;
  const sent: string[] = [];
  return {
    sent,
    signal(sig: NodeJS.Signals) {
      sent.push(`${sig}@${clock.now()}`);
      const d = obeys[sig];
      if (d !== undefined) goneAt = Math.min(goneAt ?? Infinity, clock.now() + d);
    },
    gone: () => goneAt !== undefined && clock.now() >= goneAt,
  };
}

describe('stopWithEscalation', () => {
  const cases: ReadonlyArray<{
    name: string;
    obeys: Partial<Record<NodeJS.Signals, number>>;
    goneAlready?: boolean;
    outcome: unknown;
    sent: string[];
    endsAt: number;
  }> = [
    { name: 'already gone: sends nothing', obeys: {}, goneAlready: true, outcome: { kind: 'already-gone' }, sent: [], endsAt: 0 },
    { name: 'obeys the polite signal', obeys: { SIGUSR1: 100 }, outcome: { kind: 'gone', after: 'SIGUSR1' }, sent: ['SIGUSR1@0'], endsAt: 100 },
    { name: 'gone exactly at the grace deadline still counts as polite', obeys: { SIGUSR1: 1_000 }, outcome: { kind: 'gone', after: 'SIGUSR1' }, sent: ['SIGUSR1@0'], endsAt: 1_000 },
    { name: 'ignores it: SIGKILL at the deadline', obeys: { SIGKILL: 0 }, outcome: { kind: 'gone', after: 'SIGKILL' }, sent: ['SIGUSR1@0', 'SIGKILL@1000'], endsAt: 1_000 },
    { name: 'too slow for the grace: SIGKILL', obeys: { SIGUSR1: 1_500, SIGKILL: 10 }, outcome: { kind: 'gone', after: 'SIGKILL' }, sent: ['SIGUSR1@0', 'SIGKILL@1000'], endsAt: 1_025 },
    { name: 'survives SIGKILL: reported, not thrown', obeys: {}, outcome: { kind: 'survived' }, sent: ['SIGUSR1@0', 'SIGKILL@1000'], endsAt: 6_000 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const clock = createFakeClock({ auto: true });
      const t = target(clock, c.obeys, c.goneAlready ? { goneAlready: true } : {});
      const out = await stopWithEscalation({ clock, gone: t.gone, signal: t.signal, stopSignal: 'SIGUSR1', graceMs: 1_000 });
      expect(out).toEqual(c.outcome);
      expect(t.sent).toEqual(c.sent);
      expect(clock.now()).toBe(c.endsAt);
    });
  }

  it('an exit cuts the wait short (wake): no waiting out the interval', async () => {
    const clock = createFakeClock();
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    let dead = false;
    const stop = stopWithEscalation({
      clock, gone: () => dead, signal: () => undefined, stopSignal: 'SIGTERM', graceMs: 10_000, intervalMs: 5_000, wake: exited,
    });
    await new Promise((r) => setImmediate(r));
    dead = true;
    exit();
    await expect(stop).resolves.toEqual({ kind: 'gone', after: 'SIGTERM' });
    expect(clock.now()).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});

describe('escalate', () => {
  it('climbs further rungs (FreeBSD: ask injail, jail -R) and stops at the one that worked', async () => {
    const clock = createFakeClock({ auto: true });
    const did: string[] = [];
    let goneAt = Infinity;
    const out = await escalate({
      clock,
      gone: () => clock.now() >= goneAt,
      rungs: [
        { name: 'ask', act: () => did.push(`ask@${clock.now()}`), waitMs: 500 },
        { name: 'remove', act: () => (did.push(`remove@${clock.now()}`), (goneAt = clock.now() + 50)), waitMs: 500 },
        { name: 'kill', act: () => did.push('kill'), waitMs: 500 },
      ],
    });
    expect(out).toEqual({ kind: 'gone', after: 'remove' });
    expect(did).toEqual(['ask@0', 'remove@500']);
  });

  it('a rung that could not act (false) is not waited for', async () => {
    const clock = createFakeClock({ auto: true });
    const did: string[] = [];
    const out = await escalate({
      clock,
      gone: () => false,
      rungs: [
        { name: 'ask', act: () => (did.push(`ask@${clock.now()}`), false), waitMs: 500 },
        { name: 'remove', act: () => did.push(`remove@${clock.now()}`), waitMs: 500 },
      ],
    });
    expect(out).toEqual({ kind: 'survived' });
    expect(did).toEqual(['ask@0', 'remove@0']);
  });
});

describe('waitUntil', () => {
  const cases = [
    { name: 'true at once: no sleep', trueAt: 0, timeoutMs: 100, want: true, endsAt: 0 },
    { name: 'true on a later look', trueAt: 60, timeoutMs: 100, want: true, endsAt: 75 },
    { name: 'true exactly at the deadline', trueAt: 100, timeoutMs: 100, want: true, endsAt: 100 },
    { name: 'never: false at the deadline, not later', trueAt: Infinity, timeoutMs: 110, want: false, endsAt: 110 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const clock = createFakeClock({ auto: true });
      expect(await waitUntil(() => clock.now() >= c.trueAt, { clock, timeoutMs: c.timeoutMs })).toBe(c.want);
      expect(clock.now()).toBe(c.endsAt);
    });
  }
});

describe('within and exitWithin', () => {
  it('an exit before the deadline: true, and the deadline sleep is cancelled', async () => {
    const clock = createFakeClock();
    let exit!: () => void;
    const p = exitWithin(new Promise<void>((r) => (exit = r)), { clock, timeoutMs: 1_000 });
    await clock.advance(999);
    exit();
    expect(await p).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('no exit by the deadline: false once the clock reaches it', async () => {
    const clock = createFakeClock();
    const p = exitWithin(new Promise<void>(() => undefined), { clock, timeoutMs: 1_000 });
    let settled = false;
    void p.then(() => (settled = true));
    await clock.advance(999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await p).toBe(false);
  });

  it('within hands back the value, or TIMED_OUT; a rejection propagates', async () => {
    const clock = createFakeClock({ auto: true });
    expect(await within(Promise.resolve(7), { clock, timeoutMs: 10 })).toBe(7);
    expect(isTimedOut(await within(new Promise(() => undefined), { clock, timeoutMs: 10 }))).toBe(true);
    await expect(within(Promise.reject(new Error('boom')), { clock, timeoutMs: 10 })).rejects.toThrow('boom');
  });
});
