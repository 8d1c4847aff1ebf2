// Fail the Nth command of a vnode's whole life, for every N: whatever failed
// (an apply, an undo, a stop), cleaning up through the journal leaves the fake
// host exactly as before — kernel state and files alike.
import { describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { fixtures } from '../fixtures/jailconfigs.js';
import { cleanUp, wholeLife } from '../support/lifecycle.js';
import { createWorld } from '../support/world.js';

describe('fault injection at every command', () => {
  for (const name of ['example', 'ipaddrs']) {
    it(`${name}: any single failing command leaves the host as before`, async () => {
      const jc = fixtures[name] as JailConfig;
      const outcomes: string[] = [];
      for (let n = 1; n < 500; n += 1) {
        const w = await createWorld();
        try {
          const before = await w.snapshot();
          w.fake.setFaults({ failAt: n });
          let outcome = 'ok';
          try {
            await wholeLife(w, jc);
          } catch (err) {
            outcome = `failed: ${(err as Error).message.split('\n')[0]}`;
            await cleanUp(w, jc);
          }
          outcomes.push(`${n} ${w.fake.calls[n - 1]?.argv.join(' ') ?? '-'}: ${outcome}`);
          expect(await w.snapshot(), `after a fault at command ${n}: ${outcomes.at(-1)}`).toEqual(before);
          if (w.fake.calls.length < n) break;
        } finally {
          await w.dispose();
        }
      }
      // The faults really landed: some runs failed, and the plan ran out before N did.
      expect(outcomes.filter((o) => o.includes('failed')).length).toBeGreaterThan(20);
      expect(outcomes.at(-1)).toMatch(/ok$/);
    }, 300_000);
  }
});
