// Runtime: one experiment interface's host end in its LAN bridge. The bridge is
// shared by every vnode on the LAN, so "make the bridge if missing, add the
// port" and "remove the port, delete the bridge if now empty" each run under the
// LAN's lock file: a vnode leaving can never delete the bridge a vnode joining
// is about to use.
import path from 'node:path';
import { withLockFile, type StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { bridgeMembers, failed, missingMaster, runTolerating, runUndo } from '../net/ip.js';

export interface LanPortParams {
  readonly bridge: string;
  readonly host: string;
  readonly peer: string;
  readonly peerMac?: string;
  /** HostPaths.locksDir */
  readonly locksDir: string;
}

const LOCK_TIMEOUT_MS = 30_000;

function lockFile(p: LanPortParams): string {
  return path.join(p.locksDir, `lan-${p.bridge}.lock`);
}

export const lanPortStep: StepType<LanPortParams, { readonly created: boolean }> = {
  name: 'linux.lan-port',
  describe: (p) => `port ${p.host} in LAN bridge ${p.bridge}`,
  async apply(p, env) {
    const { runner, fs } = env.deps;
    await fs.mkdir(p.locksDir, { recursive: true });
    return withLockFile(env.deps, lockFile(p), { timeoutMs: LOCK_TIMEOUT_MS, purpose: `lan ${p.bridge}` }, async () => {
      await env.record({ created: true });
      const argv = [
        'ip', 'link', 'add', p.host, 'master', p.bridge, 'up', 'type', 'veth', 'peer', 'name', p.peer,
        ...(p.peerMac ? ['address', p.peerMac] : []),
      ] as const;
      // Most ports join a bridge that is already there: one command, and the
      // bridge is made only when that command says it is missing.
      let r = await runner.run(argv, { reject: false, timeoutMs: 10_000 });
      if (r.exitCode !== 0 && missingMaster(r.stderr, p.bridge)) {
        await runTolerating(runner, ['ip', 'link', 'add', p.bridge, 'up', 'type', 'bridge'], /File exists/);
        r = await runner.run(argv, { reject: false, timeoutMs: 10_000 });
      }
      if (r.exitCode === 0) return { created: true };
      if (!/File exists/.test(r.stderr)) throw failed(r);
      // Someone else's device: never ours to delete.
      await env.record({ created: false });
      throw new LinuxBackendError('LINUX_BAD_CONFIG', `${p.host} or ${p.peer} already exists on this host`);
    });
  },
  async revert(p, result, env) {
    const { runner, fs } = env.deps;
    await fs.mkdir(p.locksDir, { recursive: true });
    await withLockFile(env.deps, lockFile(p), { timeoutMs: LOCK_TIMEOUT_MS, purpose: `lan ${p.bridge}` }, async () => {
      if (result?.created !== false) await runUndo(runner, ['ip', 'link', 'del', p.host]);
      // The bridge is named for the LAN and so ours: it goes with its last port.
      if ((await bridgeMembers(runner, p.bridge)).length === 0) await runUndo(runner, ['ip', 'link', 'del', p.bridge]);
    });
  },
};
