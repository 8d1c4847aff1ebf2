// Populating the config dir through tmcc as the vnode (Emulab's vnodejailsetup):
// status (is the node still ours?), the fullconfig cache, and jailconfig written
// to the config dir. Returns what the backend needs to build the vnode.
import path from 'node:path';
import { parseJailConfig, parseStatus } from '@tbvnode/tmcc';
import type { VnodeBoss, VnodeConfig } from '../backend/types.js';
import type { CoreDeps } from '../deps.js';
import type { VnodePaths } from '../paths/layout.js';
import type { StepRunner } from '../steps/types.js';
import type { StateClient } from './state-reporter.js';
import { tmccCacheStep } from './tmcc-cache-step.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

/** The least mode jailconfig needs: the manager (root) reads it, nobody else. */
const JAILCONFIG_MODE = 0o600;

export interface VnodeTmcc extends StateClient {
  fillCache(o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<string>;
}

// Boss gets this long per request (no progress, and in all) before setup fails.
const CONFIG_REQUEST_LIMIT_MS = 60_000;

export type FetchedConfig = { free: true } | { free: false; config: VnodeConfig };

export async function fetchVnodeConfig(o: {
  tmcc: VnodeTmcc;
  paths: VnodePaths;
  steps: StepRunner;
  deps: Pick<CoreDeps, 'fs'>;
  // Boss as reached (name, address, ports); its name's domain ends the host name.
  boss: VnodeBoss;
}): Promise<FetchedConfig> {
  const limit = () => ({ timeoutMs: CONFIG_REQUEST_LIMIT_MS, signal: AbortSignal.timeout(CONFIG_REQUEST_LIMIT_MS) });
  const status = parseStatus((await o.tmcc.request('status', [], limit())).toString('utf8'));
  if (!status.allocated) return { free: true };
  await o.steps.run(tmccCacheStep(() => o.tmcc.fillCache(limit())), { dir: o.paths.tmccCacheDir }, { phase: 'runtime' });
  const replies = await readCache(o.deps, o.paths.tmccCacheDir);
  const jailconfigText = replies.get('jailconfig') ?? '';
  // Inside the config dir: it goes with the config dir, no step needed. Only the
  // manager reads it (root): 0600, also over a file an older tbvnode made 0755.
  await writeFileAtomic(o.deps.fs, o.paths.jailconfig, jailconfigText, JAILCONFIG_MODE);
  const jailconfig = parseJailConfig(jailconfigText);
  const [controlIp, controlMask] = splitJailIp(jailconfig['JAILIP']);
  const hostname = vnodeHostname(status.nickname ?? o.paths.id, status.eid, status.pid, o.boss.name);
  return {
    free: false,
    config: {
      jailconfig,
      replies,
      ...(controlIp ? { controlIp } : {}),
      ...(controlMask ? { controlMask } : {}),
      hostname,
      experiment: { pid: status.pid, eid: status.eid },
      boss: o.boss,
    },
  };
}

async function readCache(deps: Pick<CoreDeps, 'fs'>, dir: string): Promise<Map<string, string>> {
  const replies = new Map<string, string>();
  for (const name of (await deps.fs.readdir(dir)).sort()) {
    replies.set(name, await deps.fs.readFile(path.join(dir, name), 'utf8'));
  }
  return replies;
}

// The one reader of JAILIP="ip,mask" (the manager's config.controlIp/Mask,
// `tbvnode status`). A repeated key counts by its first value; a mask may be
// missing (the backend's default mask then). Pure.
export function splitJailIp(v: string | readonly string[] | undefined): [string | undefined, string | undefined] {
  const first = typeof v === 'string' ? v : v?.[0];
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:,(\d+\.\d+\.\d+\.\d+))?$/.exec(first?.trim() ?? '');
  return m ? [m[1], m[2]] : [undefined, undefined];
}

// Emulab names a vnode <nickname>.<eid>.<pid>.<boss's domain>. Boss given as an
// address (BOSSNAME=10.0.0.3) has no domain: its tail is not one.
export function vnodeHostname(nickname: string, eid: string, pid: string, bossName: string): string {
  const dot = bossName.indexOf('.');
  const isAddress = /^\d+(\.\d+){3}$/.test(bossName) || bossName.includes(':');
  const domain = dot > 0 && !isAddress ? bossName.slice(dot + 1) : '';
  return [nickname, eid, pid, domain].filter((s) => s !== '').join('.');
}
