// Create a symlink; undo removes it only if it is still the link we made.
import type { StepType } from '../types.js';
import { ifExists } from '../../toolkit/if-exists.js';

export interface SymlinkParams {
  /** What the link points to (stored verbatim). */
  readonly target: string;
  /** Where the link goes. */
  readonly path: string;
}

export interface SymlinkResult {
  /** false: an identical link was already there, so undo leaves it. */
  readonly created: boolean;
}

async function readLinkOrNull(readlink: (p: string) => Promise<string>, p: string): Promise<string | null> {
  // EINVAL: something is there, but not a link.
  return ifExists(readlink(p), null, ['EINVAL']);
}

export const symlinkStep: StepType<SymlinkParams, SymlinkResult> = {
  name: 'core.symlink',
  describe: (p) => `symlink ${p.path} -> ${p.target}`,
  async apply(p, env) {
    const fs = env.deps.fs;
    if ((await readLinkOrNull((x) => fs.readlink(x), p.path)) === p.target) {
      await env.record({ created: false });
      return { created: false };
    }
    await fs.symlink(p.target, p.path);
    return { created: true };
  },
  async revert(p, result, env) {
    if (result?.created === false) return;
    const fs = env.deps.fs;
    if ((await readLinkOrNull((x) => fs.readlink(x), p.path)) === p.target) await fs.unlink(p.path);
  },
};
