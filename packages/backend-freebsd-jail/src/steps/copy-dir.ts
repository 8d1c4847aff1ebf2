// Copy a directory tree into the jail root (the vnode's tmcc cache, as
// mkjail's tmcccopycache did); undo removes the copy. Both go through
// beneath() (./in-root.ts): a link planted on the way is refused, never followed.
import { isTbvnodeError, type StepType } from '@tbvnode/core';
import { jailRoot, replaceTreeInRoot } from './in-root.js';

export interface CopyDirParams {
  readonly source: string;
  readonly rootDir: string;
  /** Relative to rootDir. */
  readonly rel: string;
}

export const copyDirStep: StepType<CopyDirParams, void> = {
  name: 'fbsd.copyDir',
  describe: (p) => `copy ${p.source} to ${p.rel} in ${p.rootDir}`,
  async apply(p, env) {
    // A copy from an earlier boot is stale: boss's answers may have changed.
    await replaceTreeInRoot(env.deps, p.rootDir, p.source, p.rel);
  },
  async revert(p, _r, env) {
    try {
      await jailRoot(env.deps, p.rootDir).rm(p.rel, { recursive: true });
    } catch (err) {
      // Halt and kill go on: nothing of ours is behind a link the jail planted.
      if (!isTbvnodeError(err) || err.code !== 'UNSAFE_PATH') throw err;
      env.log.warn({ err }, 'not removing the tmcc cache copy behind a link the jail planted');
    }
  },
};
