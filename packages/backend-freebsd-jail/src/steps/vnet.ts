// VNET mode's host changes, each with its exact undo: an epair per experiment
// interface (sys/net/if_epair.c: made and destroyed as a pair, wherever the
// other end is), its host end in the LAN's bridge, its jail end moved into the
// jail, and the jail end's address set inside through jexec.
import path from 'node:path';
import { withLockFile, type CommandRunner, type StepType } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { parseIfStatus, type IfStatus } from '../parse/ifconfig-status.js';
import { run } from './commands.js';

const GONE = /does not exist/;

export interface EpairParams {
  readonly hostEnd: string;
  readonly jailEnd: string;
  /** The `a` end's description from birth: finds it again after a crash before its name was journaled. */
  readonly mark: string;
}

export interface EpairResult {
  /** About to create (journaled first). */
  readonly pending?: boolean;
  /** The `a` end as ifconfig printed it (epairNa), journaled right after create. */
  readonly created?: string;
  /** The `a` end is named the host end now (journaled right after the rename). */
  readonly named?: boolean;
}

/** `ifconfig epair create` prints the new `a` end (sbin/ifconfig/ifclone.c: a name that differs from the one asked for). */
function parseCreated(stdout: string, cloner: string): string {
  const name = stdout.trim().split('\n').pop() ?? '';
  if (!new RegExp(`^${cloner}\\d+a$`).test(name)) throw new FreebsdJailError('FBSD_BAD_OUTPUT', `ifconfig ${cloner} create printed ${JSON.stringify(stdout)}`);
  return name;
}

/** `a` ends still named epairNa that carry `mark` (`ifconfig -l`: every name on one line, ifconfig.c namesonly). */
async function epairsMarked(runner: CommandRunner, mark: string): Promise<string[]> {
  const names = (await run(runner, ['ifconfig', '-l'])).stdout.trim().split(/\s+/).filter((n) => /^epair\d+a$/.test(n));
  const out: string[] = [];
  for (const n of names) {
    const st = await ifStatus(runner, n);
    if (st !== 'gone' && st.description === mark) out.push(n);
  }
  return out;
}

export const epairStep: StepType<EpairParams, EpairResult> = {
  name: 'fbsd.epair',
  describe: (p) => `epair ${p.hostEnd} <-> ${p.jailEnd}`,
  async apply(p, env) {
    const { runner } = env.deps;
    await env.record({ pending: true });
    const a = parseCreated((await run(runner, ['ifconfig', 'epair', 'create', 'description', p.mark])).stdout, 'epair');
    await env.record({ created: a });
    const b = `${a.slice(0, -1)}b`;
    const rename = async (from: string, to: string, extra: readonly string[]): Promise<void> => {
      const r = await runner.run(['ifconfig', from, 'name', to, ...extra], { reject: false, timeoutMs: 60_000 });
      if (r.exitCode === 0) return;
      // sys/net/if.c if_rename: EEXIST for a name in use. That interface is somebody else's.
      throw new FreebsdJailError(/File exists/.test(r.stderr) ? 'FBSD_NOT_OURS' : 'FBSD_BAD_OUTPUT', `ifconfig ${from} name ${to}: ${r.stderr.trim()}`);
    };
    await rename(a, p.hostEnd, ['up']);
    await env.record({ created: a, named: true });
    await rename(b, p.jailEnd, []);
    return { created: a, named: true };
  },
  async revert(p, result, env) {
    const { runner } = env.deps;
    if (result?.created === undefined) {
      // A crash between create and its journal record: the new pair is found by its description.
      if (result?.pending === true) for (const a of await epairsMarked(runner, p.mark)) await run(runner, ['ifconfig', a, 'destroy'], { output: GONE });
      return;
    }
    // Destroying either end destroys both, even one inside a jail (if_epair.c epair_clone_destroy).
    if (result.named === true) {
      await run(runner, ['ifconfig', p.hostEnd, 'destroy'], { output: GONE });
      return;
    }
    if ((await run(runner, ['ifconfig', result.created, 'destroy'], { output: GONE })).exitCode === 0) return;
    // Renamed before a crash kept the journal from saying so: the host end is ours only if it carries our
    // mark (a rename that met somebody else's interface of that name left epairNa, destroyed above).
    const st = await ifStatus(runner, p.hostEnd);
    if (st !== 'gone' && st.description === p.mark) await run(runner, ['ifconfig', p.hostEnd, 'destroy'], { output: GONE });
  },
};

export interface LanPortParams {
  readonly bridge: string;
  /** The bridge's description: `tbvnode lan <lanKey>`. */
  readonly mark: string;
  readonly member: string;
  /** HostPaths.locksDir */
  readonly locksDir: string;
}

export interface LanPortResult {
  readonly madeBridge?: boolean;
  readonly added?: boolean;
}

const LOCK_TIMEOUT_MS = 30_000;

/** One lock for every LAN bridge on the host: create, member add and last-member destroy never interleave. */
export function bridgeLockFile(locksDir: string): string {
  return path.join(locksDir, 'fbsd-lan-bridges.lock');
}

async function ifStatus(runner: CommandRunner, bridge: string): Promise<IfStatus | 'gone'> {
  const r = await runner.run(['ifconfig', bridge], { reject: false, timeoutMs: 60_000 });
  if (r.exitCode === 0) return parseIfStatus(r.stdout);
  if (GONE.test(r.stderr)) return 'gone';
  throw new FreebsdJailError('FBSD_BAD_OUTPUT', `ifconfig ${bridge}: ${r.stderr.trim()}`);
}

export const lanPortStep: StepType<LanPortParams, LanPortResult> = {
  name: 'fbsd.lanPort',
  describe: (p) => `${p.member} in LAN bridge ${p.bridge} (${p.mark})`,
  async apply(p, env) {
    const { runner, fs } = env.deps;
    await fs.mkdir(p.locksDir, { recursive: true });
    return withLockFile(env.deps, bridgeLockFile(p.locksDir), { timeoutMs: LOCK_TIMEOUT_MS, purpose: `lan ${p.bridge}` }, async () => {
      const st = await ifStatus(runner, p.bridge);
      let madeBridge = false;
      if (st === 'gone') {
        madeBridge = true;
        await env.record({ madeBridge });
        // One command: the bridge never exists on this host without its mark.
        await run(runner, ['ifconfig', 'bridge', 'create', 'name', p.bridge, 'description', p.mark, 'up']);
      } else if (st.description !== p.mark) {
        // Somebody else's interface under our name: never used, never changed.
        throw new FreebsdJailError('FBSD_NOT_OURS', `${p.bridge} exists on this host without tbvnode's mark "${p.mark}" (description: ${JSON.stringify(st.description)}); not using it`);
      }
      await env.record({ madeBridge, added: true });
      await run(runner, ['ifconfig', p.bridge, 'addm', p.member]);
      return { madeBridge, added: true };
    });
  },
  async revert(p, result, env) {
    if (result === undefined) return;
    const { runner, fs } = env.deps;
    await fs.mkdir(p.locksDir, { recursive: true });
    await withLockFile(env.deps, bridgeLockFile(p.locksDir), { timeoutMs: LOCK_TIMEOUT_MS, purpose: `lan ${p.bridge}` }, async () => {
      const st = await ifStatus(runner, p.bridge);
      if (st === 'gone') return;
      if (st.description !== p.mark) {
        env.log.warn({ bridge: p.bridge, description: st.description }, 'LAN bridge left alone: not marked as this LAN\'s');
        return;
      }
      if (result.added === true && st.members.includes(p.member)) await run(runner, ['ifconfig', p.bridge, 'deletem', p.member]);
      // The last member out takes the bridge with it; only a bridge carrying our mark (checked above).
      if (st.members.filter((m) => m !== p.member).length === 0) await run(runner, ['ifconfig', p.bridge, 'destroy'], { output: GONE });
    });
  },
};

export interface VnetMoveParams {
  readonly iface: string;
  readonly jail: string;
}

export const vnetMoveStep: StepType<VnetMoveParams, { readonly moved: boolean }> = {
  name: 'fbsd.vnetMove',
  describe: (p) => `ifconfig ${p.iface} vnet ${p.jail}`,
  async apply(p, env) {
    await env.record({ moved: true });
    await run(env.deps.runner, ['ifconfig', p.iface, 'vnet', p.jail]);
    return { moved: true };
  },
  async revert(p, result, env) {
    if (result?.moved !== true) return;
    // Gone with its jail already (sys/net/if.c vnet_if_return moves it home when the jail's vnet goes),
    // or its jail is dying (then the epair's own undo destroys both ends where they are).
    await run(env.deps.runner, ['ifconfig', p.iface, '-vnet', p.jail], { output: /not found|is dying|Device not configured|does not exist/ });
  },
};

export interface JailIfaceParams {
  readonly jail: string;
  readonly iface: string;
  readonly inet: string;
  /** Each after `jexec -l <jail>` (vnet-plan jailIfaceCommands). */
  readonly commands: readonly (readonly string[])[];
}

export const jailIfaceStep: StepType<JailIfaceParams, { readonly set: boolean }> = {
  name: 'fbsd.jailIface',
  describe: (p) => `in ${p.jail}: ${p.iface} ${p.inet}`,
  async apply(p, env) {
    await env.record({ set: true });
    // -l: a clean environment (jexec(8)), so the manager's never reaches a process in the jail (as exec.clean for jail(8)).
    for (const c of p.commands) await run(env.deps.runner, ['jexec', '-l', p.jail, ...c]);
    return { set: true };
  },
  async revert(p, result, env) {
    if (result?.set !== true) return;
    // The address; MAC and MTU go with the epair (its undo destroys it). A jail that is gone took all of it along.
    await run(
      env.deps.runner,
      ['jexec', '-l', p.jail, '/sbin/ifconfig', p.iface, 'inet', p.inet, '-alias'],
      { output: /not found|is dying|does not exist|Can't assign requested address/ },
    );
  },
};
