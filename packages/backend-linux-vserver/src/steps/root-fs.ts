// Persistent: the vnode's root tree and its overlay upper/work dirs. Reused on a
// reboot or a boot after halt (the root already exists: restore, not rebuild).
// Undo (kill only) removes them, but never while anything is mounted below.
import path from 'node:path';
import { safeRemoveTree, type StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { buildRoot, markerText, readMarker, type RootOwner } from '../rootfs/build.js';
import type { RootPlan } from '../rootfs/layout.js';
import { scanVar, type VarEntry } from '../rootfs/var-skeleton.js';

export interface RootFsParams {
  readonly rootDir: string;
  readonly overlayDir: string;
  readonly plan: RootPlan;
  readonly owner: RootOwner;
}

/**
 * One instance per backend. Copy mode: the host's /var tree is scanned once
 * (lazily) and replayed into every root; overlay mode shares the var template.
 */
export function createRootFsStep(): StepType<RootFsParams, { readonly restored: boolean; readonly adopted?: true }> {
  let varScan: Promise<VarEntry[]> | undefined;
  return {
  name: 'linux.root-fs',
  describe: (p) => `root file system ${p.rootDir}`,
  async apply(p, env) {
    const marker = await readMarker(env.deps, p.rootDir);
    // Adopted: a boot that fails after this keeps the root an earlier boot made (core's isAdopted).
    if (marker === markerText(p.owner.rootId)) return { restored: true, adopted: true };
    if (marker !== null) {
      // Made by a tbvnode without user namespaces (owned by host root) or for another id range.
      throw new LinuxBackendError('LINUX_BAD_CONFIG', `the root ${p.rootDir} was made for other ids (${marker.trim().slice(0, 80)}): kill the vnode (removing its root) and boot it anew`);
    }
    if (p.plan.replayVar) {
      varScan ??= scanVar(env.deps.fs).catch((e: unknown) => {
        varScan = undefined;
        throw e;
      });
    }
    await buildRoot(env.deps, p.rootDir, p.plan, p.plan.replayVar ? await (varScan as Promise<VarEntry[]>) : [], p.owner);
    return { restored: false };
  },
  async revert(p, _result, env) {
    const mounts = await env.deps.mounts.read();
    const below = mounts.filter((m) => [p.rootDir, p.overlayDir].some((d) => m.target === d || m.target.startsWith(`${d}${path.sep}`)));
    if (below.length > 0) {
      throw new LinuxBackendError('LINUX_STILL_MOUNTED', `not removing ${p.rootDir}: still mounted below it: ${below.map((m) => m.target).join(', ')}`);
    }
    // Never follows a link, at the top or anywhere inside (the vnode made most of it).
    await safeRemoveTree(env.deps, p.rootDir);
    await safeRemoveTree(env.deps, p.overlayDir);
    // Journals written before the user namespaces have no owner; local-etc is host-owned.
    if (p.owner?.localEtc) await safeRemoveTree(env.deps, p.owner.localEtc);
  },
};
}
