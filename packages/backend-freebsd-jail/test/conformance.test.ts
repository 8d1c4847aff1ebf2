// Core's shared backend conformance suite, run for freebsd-jail against a
// fresh fake FreeBSD host per check (host prepared: the jail devfs ruleset exists).
import { runBackendConformance } from '@tbvnode/core/testing';
import { createFreebsdJailBackend, type JailConfig } from '../src/index.js';
import { example } from './fixtures/jailconfigs.js';
import { startTestBoss } from './support/boss.js';
import { BASE_OPTIONS, createWorld } from './support/world.js';

runBackendConformance({
  describeName: 'freebsd-jail on a fake host',
  maxSteps: 34,
  // pcvm1-1 of test-fixtures' three-vnode experiment, booted by core's real manager.
  manager: { startBoss: startTestBoss, vnodeId: 'pcvm1-1' },
  makeBackend: () => createFreebsdJailBackend(BASE_OPTIONS),
  async makeHost() {
    const w = await createWorld();
    const hostSteps = await w.openHost();
    await w.backend().prepareHost(w.hostCtx, hostSteps);
    return {
      host: w.hostCtx,
      makeVnode: async (id: string) => ({ vnode: await w.vnode(id, example as JailConfig) }),
      // A kill keeps the console in the host's logs dir (var/emulab/logs), on purpose: not a leftover.
      snapshot: async () => {
        const s = (await w.snapshot()) as { host: unknown; files: string[] };
        return { host: s.host, files: s.files.filter((f) => !f.includes('var/emulab/logs')) };
      },
      async dispose() {
        try {
          await hostSteps.undo('kill');
        } finally {
          await w.dispose();
        }
      },
    };
  },
});
