// The fresh fake FreeBSD host core's conformance suite gets for each check, in
// either network mode: host prepared (the /etc template and devfs rulesets
// exist), every vnode from the §10 example jailconfig.
import type { BackendOptions } from '@tbvnode/core';
import type { ConformanceHost } from '@tbvnode/core/testing';
import type { JailConfig } from '../../src/index.js';
import { example } from '../fixtures/jailconfigs.js';
import { createWorld, type VnodeNet } from './world.js';

export async function conformanceHost(extra: BackendOptions = {}, net?: VnodeNet): Promise<ConformanceHost> {
  const w = await createWorld(extra);
  const hostSteps = await w.openHost();
  await w.backend().prepareHost(w.hostCtx, hostSteps);
  return {
    host: w.hostCtx,
    makeVnode: async (id: string) => ({ vnode: await w.vnode(id, example as JailConfig, net) }),
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
}
