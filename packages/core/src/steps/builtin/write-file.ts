// Write a file atomically (temp + rename); undo restores what was there before,
// or removes the file if there was nothing.
import path from 'node:path';
import type { StepType } from '../types.js';
import { ifExists } from '../../toolkit/if-exists.js';

export interface WriteFileParams {
  readonly path: string;
  /** utf8 text; it is stored in the journal, so keep it small. */
  readonly content: string;
  readonly mode?: number;
}

export interface WriteFileResult {
  /** Previous content, base64; null when the file did not exist. */
  readonly previous: string | null;
  readonly previousMode?: number;
}

export const writeFileStep: StepType<WriteFileParams, WriteFileResult> = {
  name: 'core.writeFile',
  describe: (p) => `write ${p.path}`,
  async apply(p, env) {
    const { fs } = env.deps;
    const old = await ifExists(Promise.all([fs.readFile(p.path), fs.stat(p.path)]));
    const result: WriteFileResult = old === undefined ? { previous: null } : { previous: old[0].toString('base64'), previousMode: old[1].mode & 0o7777 };
    // The old content is durable before the file changes.
    await env.record(result);
    const tmp = path.join(path.dirname(p.path), `.${path.basename(p.path)}.tbvnode-tmp`);
    await fs.writeFile(tmp, p.content, { mode: p.mode ?? result.previousMode ?? 0o644 });
    await fs.rename(tmp, p.path);
    return result;
  },
  async revert(p, result, env) {
    const { fs } = env.deps;
    const tmp = path.join(path.dirname(p.path), `.${path.basename(p.path)}.tbvnode-tmp`);
    await fs.rm(tmp, { force: true });
    // No record: the crash came before anything was written.
    if (result === undefined) return;
    if (result.previous === null) {
      await fs.rm(p.path, { force: true });
      return;
    }
    await fs.writeFile(tmp, Buffer.from(result.previous, 'base64'), { mode: result.previousMode ?? 0o644 });
    await fs.rename(tmp, p.path);
  },
};
