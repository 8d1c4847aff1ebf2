// Copy a directory tree into the jail root (the vnode's tmcc cache, as
// mkjail's tmcccopycache did); undo removes the copy.
import type { StepType } from '@tbvnode/core';

export interface CopyDirParams {
  readonly source: string;
  readonly target: string;
}

export const copyDirStep: StepType<CopyDirParams, void> = {
  name: 'fbsd.copyDir',
  describe: (p) => `copy ${p.source} to ${p.target}`,
  async apply(p, env) {
    // A copy from an earlier boot is stale: boss's answers may have changed.
    await env.deps.fs.rm(p.target, { recursive: true, force: true });
    await env.deps.fs.cp(p.source, p.target, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  },
  async revert(p, _r, env) {
    // Inside the jail's own image, below no mount: a plain recursive remove (symlinks are not followed).
    await env.deps.fs.rm(p.target, { recursive: true, force: true });
  },
};
