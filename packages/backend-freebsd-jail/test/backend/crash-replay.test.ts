// A manager that dies at any command (before or after the command took effect):
// a fresh backend replaying the journals alone leaves the host as before —
// including a jail whose jail(8) outlived the manager.
import { describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { fixtures } from '../fixtures/jailconfigs.js';
import { cleanUp, wholeLife } from '../support/lifecycle.js';
import { createWorld } from '../support/world.js';

describe('crash replay at every command', () => {
  for (const when of ['before', 'after'] as const) {
    it(`a crash ${when} any command is undone from the journal`, async () => {
      const jc = fixtures['example'] as JailConfig;
      let crashes = 0;
      for (let n = 1; n < 500; n += 1) {
        const w = await createWorld();
        try {
          const before = await w.snapshot();
          w.fake.setFaults({ crashAt: { n, when } });
          const life = wholeLife(w, jc).then(() => 'finished' as const, (err: unknown) => err);
          const outcome = await Promise.race([life, w.fake.crashed]);
          if (outcome === 'finished') {
            console.info(`crash ${when}: plan has ${n - 1} commands, ${crashes} crashes replayed`);
            break;
          }
          if (outcome !== 'crashed') throw outcome;
          crashes += 1;
          // The crashed manager is stuck forever; its successor has only the journals.
          w.fake.setFaults({});
          await cleanUp(w, jc);
          expect(await w.snapshot(), `after a crash ${when} command ${n} (${w.fake.calls[n - 1]?.argv.join(' ')})`).toEqual(before);
        } finally {
          await w.dispose();
        }
      }
      expect(crashes).toBeGreaterThan(20);
    }, 300_000);
  }
});
