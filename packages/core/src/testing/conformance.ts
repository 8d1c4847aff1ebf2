// The shared conformance suite: every backend runs these vitest blocks against
// its own throwaway host (like containerd's snapshot testsuite). Call it at the
// top level of a test file.
import { describe, it } from 'vitest';
import {
  checkCrashReplay,
  checkFaultAt,
  checkHaltKeepsPersistent,
  checkHandle,
  checkLifecycle,
  checkProbe,
  countBringUpSteps,
  type ConformanceSubject,
} from './conformance-checks.js';
import { checkManager, type ConformanceManagerSubject } from './conformance-manager.js';

export interface ConformanceOptions extends ConformanceSubject {
  readonly describeName: string;
  /**
   * Why this machine cannot run the suite (not root, no namespaces, wrong OS), or
   * null when it can. A reason skips every test, loudly.
   */
  readonly requires?: () => string | null;
  /** Per-test timeout (default 60 s). */
  readonly timeoutMs?: number;
  /**
   * Upper bound on the steps of one bring-up, for the fault tests (they are declared
   * before the count is known). Default 40; a backend with more raises it.
   */
  readonly maxSteps?: number;
  /** Also run core's real manager (proxy, state reports, signals) against the backend. */
  readonly manager?: ConformanceManagerSubject;
}

export function runBackendConformance(o: ConformanceOptions): void {
  const reason = o.requires?.() ?? null;
  if (reason !== null) console.warn(`SKIPPING conformance suite "${o.describeName}": ${reason}`);
  const skip = reason !== null;
  const timeout = o.timeoutMs ?? 60_000;

  describe(`${o.describeName}: backend conformance`, () => {
    it.skipIf(skip)('probe reports on the host and changes nothing', () => checkProbe(o), timeout);
    it.skipIf(skip)('create, boot, state, stop and kill leave the host as before', () => checkLifecycle(o), timeout);
    it.skipIf(skip)('the handle stops once, its exited resolves, a stop after init died is harmless', () => checkHandle(o), timeout);
    it.skipIf(skip)('halt keeps persistent steps; the vnode boots again; kill cleans all', () => checkHaltKeepsPersistent(o), timeout);
    it.skipIf(skip)('after a crash, the journal on disk undoes everything', () => checkCrashReplay(o), timeout);
    if (o.manager) {
      const m = o.manager;
      it.skipIf(skip)('the real manager boots, reboots, halts, boots again and kills it; the host as before', () => checkManager(o, m), timeout);
    }

    // One test walks every step the bring-up really has (counted first), instead of
    // maxSteps placeholder tests that skip past the end: each skipped test would claim
    // a check that never ran.
    it.skipIf(skip)('a fault at each step, before and after it applies, undoes everything before it', async () => {
      const steps = await countBringUpSteps(o);
      const max = o.maxSteps ?? 40;
      if (steps < 1 || steps > max) throw new Error(`bring-up ran ${steps} steps; expected 1..${max}`);
      for (let at = 1; at <= steps; at += 1) {
        for (const when of ['before', 'after'] as const) {
          try {
            await checkFaultAt(o, at, when);
          } catch (err) {
            throw new Error(`a fault at step ${at} of ${steps}, ${when} it applies: ${(err as Error).message}`, { cause: err });
          }
        }
      }
    }, timeout * 2 * (o.maxSteps ?? 40));
  });
}
