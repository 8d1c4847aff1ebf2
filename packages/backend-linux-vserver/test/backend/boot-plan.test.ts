// A boot plans once: create, configureNetwork and boot share one plan, so the
// vnode's numbers are asked of the journal once and the host's facts read once
// (before, boot worked all of it out again). The next life plans anew.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPaths, vnodePaths, type CoreDeps, type HostContext, type VnodeContext } from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { createLinuxBackend } from '../../src/index.js';
import { factsFs, recorder, V1, type Entry } from '../support/plan-world.js';

describe('one plan per boot', () => {
  it('allocates each number once and reads each host fact once per boot; a new boot of the same context plans again', async () => {
    const paths = hostPaths('/srv/tbvnode-plan');
    const vp = vnodePaths(paths, 'web');
    const reads: string[] = [];
    const existing = new Set([path.join(paths.hostStateDir, 'linux-var'), path.join(paths.hostStateDir, 'linux-etc')]);
    const base = createTestDeps();
    const deps: CoreDeps = { ...base, fs: factsFs(existing, reads), mounts: { read: async () => V1 } };
    const options = { tmccBundle: '/opt/tb/tmcc.cjs', nodePath: '/opt/tb/node/bin/node' };
    const backend = createLinuxBackend(options);
    const host: HostContext = { paths, deps, log: deps.log, options };
    const vnode: VnodeContext = {
      id: vp.id, paths: vp, host, options, deps, log: deps.log,
      config: { jailconfig: {}, replies: new Map([['ifconfig', 'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 LAN=lan0 VTAG=7\n']]), controlIp: '172.16.0.9' },
    };
    let kept: Entry[] = [];
    for (const life of [1, 2]) {
      reads.length = 0;
      const steps = recorder(kept);
      await backend.create(vnode, steps);
      await backend.configureNetwork(vnode, steps);
      await (await backend.boot(vnode, steps)).exited;
      // The id range and the interface number (web is not Emulab's name-N).
      expect(steps.asked.filter((s) => s === 'core.allocate'), `life ${life}`).toHaveLength(2);
      // The life after a halt finds both in the journal: nothing new is allocated.
      expect(steps.entries.filter((e) => e.step === 'core.allocate'), `life ${life}`).toHaveLength(life === 1 ? 2 : 0);
      // Host facts: the system dirs, /usr/local/etc, every kernel view, each once.
      for (const fact of ['/usr', '/bin', '/usr/local/etc', '/proc/kcore', '/proc/sys', '/sys/firmware']) {
        expect(reads.filter((r) => r === fact), `${fact} in life ${life}`).toHaveLength(1);
      }
      kept = [...kept, ...steps.entries.filter((e) => e.phase === 'persistent')];
    }
  });
});
