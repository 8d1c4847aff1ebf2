// Fail the Nth command of a vnode's whole life, for every N: whatever failed
// (an apply, an undo, a stop), cleaning up through the journal leaves the fake
// host exactly as before — kernel state and files alike.
import type { BackendOptions } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { fixtures, vnetNet } from '../fixtures/jailconfigs.js';
import { cleanUp, wholeLife } from '../support/lifecycle.js';
import { createWorld, type VnodeNet } from '../support/world.js';

// Both network modes: netMode=vnet adds an epair, a LAN bridge port, a move into the jail and the
// jail-side address per interface (two interfaces, two LANs), each a command that can fail.
const cases: ReadonlyArray<{ name: string; jc: JailConfig; options?: BackendOptions; net?: VnodeNet }> = [
  { name: 'example', jc: fixtures['example'] as JailConfig },
  { name: 'ipaddrs', jc: fixtures['ipaddrs'] as JailConfig },
  { name: 'vnet', jc: fixtures['example'] as JailConfig, options: { netMode: 'vnet' }, net: vnetNet },
];

describe('fault injection at every command', () => {
  for (const { name, jc, options, net } of cases) {
    it(`${name}: any single failing command leaves the host as before`, async () => {
      const outcomes: string[] = [];
      for (let n = 1; n < 500; n += 1) {
        const w = await createWorld(options);
        try {
          const before = await w.snapshot();
          w.fake.setFaults({ failAt: n });
          let outcome = 'ok';
          try {
            await wholeLife(w, jc, net);
          } catch (err) {
            outcome = `failed: ${(err as Error).message.split('\n')[0]}`;
            await cleanUp(w, jc, net);
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
