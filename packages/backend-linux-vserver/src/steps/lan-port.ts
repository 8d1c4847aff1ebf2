// Runtime: one experiment interface's host end in its LAN bridge. The bridge is
// keyed by experiment (net/lan-key.ts) and shared by this host's vnodes on that
// LAN, so "make the bridge if missing, add the port" and "remove the port,
// delete the bridge if now empty" each run under the LAN's lock file: a vnode
// leaving can never delete the bridge a vnode joining is about to use.
// Ownership: a bridge tbvnode made carries the ifalias `tbvnode lan <key>`; the
// last port out deletes it only when that mark is there (or when this step's
// own journal says it made the bridge and crashed before marking it).
import path from 'node:path';
import { withLockFile, type CommandRunner, type StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { ALREADY_THERE, IP_TIMEOUT_MS, bridgeMembers, failed, missingMaster, runUndo } from '../net/ip.js';
import { lanBridgeAlias } from '../net/lan-key.js';

export interface LanPortParams {
  readonly bridge: string;
  /** The LAN's identity (lanKey): journaled, and the bridge's ownership mark. */
  readonly lanKey?: string;
  readonly host: string;
  readonly peer: string;
  readonly peerMac?: string;
  /** HostPaths.locksDir */
  readonly locksDir: string;
}

export interface LanPortResult {
  readonly created: boolean;
  /** This step made the bridge (journaled before `ip link add`, so a crash still knows). */
  readonly madeBridge?: boolean;
}

const LOCK_TIMEOUT_MS = 30_000;

function lockFile(p: LanPortParams): string {
  return path.join(p.locksDir, `lan-${p.bridge}.lock`);
}

/** Pure: the ifalias in one line of `ip -o link show dev <bridge>`, or null. */
export function aliasOf(oneLine: string): string | null {
  return /\\\s+alias (.*?)\s*$/.exec(oneLine)?.[1] ?? null;
}

async function bridgeAlias(runner: CommandRunner, bridge: string): Promise<string | null | 'gone'> {
  const r = await runner.run(['ip', '-o', 'link', 'show', 'dev', bridge], { reject: false, timeoutMs: 10_000 });
  if (r.exitCode === 0) return aliasOf(r.stdout);
  if (/does not exist|Cannot find device/.test(r.stderr)) return 'gone';
  throw failed(r);
}

export const lanPortStep: StepType<LanPortParams, LanPortResult> = {
  name: 'linux.lan-port',
  describe: (p) => `port ${p.host} in LAN bridge ${p.bridge}${p.lanKey ? ` (${p.lanKey})` : ''}`,
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
      let madeBridge = false;
      if (r.exitCode !== 0 && missingMaster(r.stderr, p.bridge)) {
        madeBridge = true;
        await env.record({ created: true, madeBridge });
        if ((await runner.run(['ip', 'link', 'add', p.bridge, 'up', 'type', 'bridge'], { timeoutMs: IP_TIMEOUT_MS, tolerate: ALREADY_THERE })).exitCode !== 0) {
          // Not made by tbvnode under this lock: someone else's, never ours to use or delete.
          await env.record({ created: false, madeBridge: false });
          throw new LinuxBackendError('LINUX_BAD_CONFIG', `bridge ${p.bridge} appeared on this host without tbvnode's lock; not using it`);
        }
        // The kernel ignores an alias given to `ip link add`: it takes a second command.
        if (p.lanKey) await runner.run(['ip', 'link', 'set', 'dev', p.bridge, 'alias', lanBridgeAlias(p.lanKey)], { timeoutMs: 10_000 });
        r = await runner.run(argv, { reject: false, timeoutMs: 10_000 });
      }
      if (r.exitCode === 0) return { created: true, madeBridge };
      if (!/File exists/.test(r.stderr)) throw failed(r);
      // Someone else's device: never ours to delete.
      await env.record({ created: false, madeBridge });
      throw new LinuxBackendError('LINUX_BAD_CONFIG', `${p.host} or ${p.peer} already exists on this host`);
    });
  },
  async revert(p, result, env) {
    const { runner, fs } = env.deps;
    await fs.mkdir(p.locksDir, { recursive: true });
    await withLockFile(env.deps, lockFile(p), { timeoutMs: LOCK_TIMEOUT_MS, purpose: `lan ${p.bridge}` }, async () => {
      if (result?.created !== false) await runUndo(runner, ['ip', 'link', 'del', p.host]);
      if ((await bridgeMembers(runner, p.bridge)).length > 0) return;
      // The last port is gone: the bridge goes too, if it is tbvnode's.
      const alias = await bridgeAlias(runner, p.bridge);
      if (alias === 'gone') return;
      const ours = p.lanKey === undefined || alias === lanBridgeAlias(p.lanKey) || (alias === null && result?.madeBridge === true);
      if (ours) await runUndo(runner, ['ip', 'link', 'del', p.bridge]);
      else env.log.warn({ bridge: p.bridge, alias }, 'empty LAN bridge left alone: not marked as this LAN\'s');
    });
  },
};
