// Create a directory and whatever ancestors are missing; undo removes only the
// ones this step created (recorded before creating them), deepest first.
import path from 'node:path';
import { pathExists } from '../../fs/path-exists.js';
import { safeRemoveTree } from '../../fs/safe-remove.js';
import type { StepType } from '../types.js';
import { ifExists } from '../../toolkit/if-exists.js';

export interface MkdirParams {
  readonly path: string;
  readonly mode?: number;
  /**
   * Undo removes the directory even if something put files in it (through the
   * mount-refusing remover). Default false: a non-empty directory stops the undo.
   */
  readonly removeContents?: boolean;
}

export interface MkdirResult {
  /** Directories this step created, outermost first. */
  readonly created: readonly string[];
}


export const mkdirStep: StepType<MkdirParams, MkdirResult> = {
  name: 'core.mkdir',
  describe: (p) => `mkdir ${p.path}`,
  async apply(p, env) {
    const missing: string[] = [];
    for (let d = path.resolve(p.path); !(await pathExists(env.deps, d)); d = path.dirname(d)) missing.unshift(d);
    const result = { created: missing };
    // Intent first: a crash mid-mkdir still tells revert which dirs may be ours.
    if (missing.length > 0) await env.record(result);
    await env.deps.fs.mkdir(p.path, { recursive: true, ...(p.mode === undefined ? {} : { mode: p.mode }) });
    return result;
  },
  async revert(p, result, env) {
    for (const dir of [...(result?.created ?? [])].reverse()) {
      if (p.removeContents && dir === path.resolve(p.path)) {
        await safeRemoveTree(env.deps, dir);
        continue;
      }
      await ifExists(env.deps.fs.rmdir(dir));
    }
  },
};
