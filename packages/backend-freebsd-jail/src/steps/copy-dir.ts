// Copy a directory tree into the jail root (the vnode's tmcc cache, as
// mkjail's tmcccopycache did); undo removes the copy.
import type { StepType } from '@tbvnode/core';
import { copyIntoRoot, removeBelowRoot } from './in-root.js';

export interface CopyDirParams {
  readonly source: string;
  readonly target: string;
}

export const copyDirStep: StepType<CopyDirParams, void> = {
  name: 'fbsd.copyDir',
  describe: (p) => `copy ${p.source} to ${p.target}`,
  async apply(p, env) {
    // A copy from an earlier boot is stale: boss's answers may have changed.
    await copyIntoRoot(env.deps.fs, p.source, p.target);
  },
  async revert(p, _r, env) {
    // Inside the jail's own image, below no mount: a plain recursive remove (symlinks are not followed).
    await removeBelowRoot(env.deps.fs, p.target);
  },
};
