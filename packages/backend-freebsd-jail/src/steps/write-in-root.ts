// Write a file below the jail's root (rc.conf, rc.local, resolv.conf, the boot
// dir's files, injail), journaled like core.writeFile: undo restores what was
// there or removes the file. Unlike core.writeFile every path goes through
// beneath() (./in-root.ts), so a link the jail's root planted at the file or at
// any directory above it is refused with UNSAFE_PATH instead of steering a host
// write, read or remove.
import { isTbvnodeError, UnsafePathError, type StepEnv, type StepType } from '@tbvnode/core';
import { jailRoot } from './in-root.js';

export interface WriteInRootParams {
  readonly rootDir: string;
  /** Relative to rootDir. */
  readonly rel: string;
  /** utf8 text; stored in the journal, so keep it small. */
  readonly content: string;
  readonly mode?: number;
}

export interface WriteInRootResult {
  /** Previous content, base64; null when there was no file. */
  readonly previous: string | null;
  readonly previousMode?: number;
}

async function previousOf(p: WriteInRootParams, env: StepEnv): Promise<WriteInRootResult> {
  const root = jailRoot(env.deps, p.rootDir);
  const kind = await root.kind(p.rel);
  if (kind === 'absent') return { previous: null };
  // Refused before anything is recorded, so undo never touches what the jail put there.
  if (kind !== 'file') throw new UnsafePathError(root.path(p.rel), `a ${kind} where a regular file is expected`);
  // beneath-ok: kind() just lstat'ed every component; the file itself is a regular file.
  const file = root.path(p.rel);
  const [buf, st] = await Promise.all([env.deps.fs.readFile(file), env.deps.fs.lstat(file)]);
  return { previous: buf.toString('base64'), previousMode: st.mode & 0o7777 };
}

export const writeInRootStep: StepType<WriteInRootParams, WriteInRootResult> = {
  name: 'fbsd.writeInRoot',
  describe: (p) => `write ${p.rel} in ${p.rootDir}`,
  async apply(p, env) {
    const result = await previousOf(p, env);
    // The old content is durable before the file changes.
    await env.record(result);
    await jailRoot(env.deps, p.rootDir).writeFile(p.rel, p.content, p.mode ?? result.previousMode ?? 0o644);
    return result;
  },
  async revert(p, result, env) {
    // No record: the crash came before anything was written.
    if (result === undefined) return;
    const root = jailRoot(env.deps, p.rootDir);
    try {
      if (result.previous === null) await root.rm(p.rel);
      else await root.writeFile(p.rel, Buffer.from(result.previous, 'base64'), result.previousMode ?? 0o644);
    } catch (err) {
      // Halt and kill must go on: behind a link the jail planted there is nothing of ours to restore.
      if (!isTbvnodeError(err) || err.code !== 'UNSAFE_PATH') throw err;
      env.log.warn({ err }, 'not restoring a file behind a link the jail planted');
    }
  },
};
