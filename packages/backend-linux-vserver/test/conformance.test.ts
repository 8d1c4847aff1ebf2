// Core's shared backend conformance suite, run for linux-vserver inside a fresh
// throwaway host per check (prepared in the default alias mode).
import { createStepRegistry, ensureHostLayout, hostPaths, openStepRunner, vnodePaths, type HostContext, type VnodeContext } from '@tbvnode/core';
import { createTestDeps, runBackendConformance, snapshotHost } from '@tbvnode/core/testing';
import { createThrowawayHost } from '@tbvnode/test-host';
import { createLinuxBackend } from '../src/index.js';
import { isRoot, TIME_SCALE } from './support/env.js';

// Default deadlines, multiplied under emulation (the VM tool sets TBVNODE_TEST_TIME_SCALE).
const options = TIME_SCALE > 1 ? { startTimeoutMs: 10_000 * TIME_SCALE } : {};

runBackendConformance({
  describeName: 'linux-vserver',
  requires: () => (isRoot ? null : 'needs root (network namespaces, bridges, mounts, pivot_root)'),
  maxSteps: 12,
  timeoutMs: 60_000 * TIME_SCALE,
  makeBackend: () => createLinuxBackend(options),
  async makeHost() {
    const host = await createThrowawayHost();
    const deps = createTestDeps({ runner: host.runner });
    const paths = hostPaths(host.rootDir);
    await ensureHostLayout(deps.fs, paths);
    const hostCtx: HostContext = { paths, deps, log: deps.log, options };
    const prep = createLinuxBackend(options);
    const hostSteps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry: createStepRegistry(prep.stepTypes), deps });
    await prep.prepareHost(hostCtx, hostSteps);
    return {
      host: hostCtx,
      async makeVnode(id: string) {
        const vp = vnodePaths(paths, id);
        const vnode: VnodeContext = {
          id: vp.id, paths: vp, host: hostCtx, options, deps, log: deps.log,
          config: { jailconfig: {}, replies: new Map([['ifconfig', 'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 LAN=lan0 VTAG=101\n']]), controlIp: '172.16.0.2' },
        };
        return { vnode };
      },
      // Core's files/mounts/processes under the root, plus the host namespace's links.
      snapshot: async () => ({ ...(await snapshotHost(deps, paths.root)), links: (await host.links()).sort() }),
      async dispose() {
        try {
          await hostSteps.undo('kill');
        } finally {
          await host.destroy();
        }
      },
    };
  },
});
