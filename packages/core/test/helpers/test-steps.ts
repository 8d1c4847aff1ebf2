// Step types for tests: each touches a real file so host state can be compared.
import path from 'node:path';
import type { StepType } from '../../src/steps/types.js';

export interface TouchParams { readonly dir: string; readonly name: string }

export function makeTouchStep(log: string[], opts: { failApplyOn?: string; failRevertOn?: string } = {}): StepType<TouchParams, { file: string }> {
  return {
    name: 'test.touch',
    async apply(p, env) {
      const file = path.join(p.dir, p.name);
      await env.deps.fs.writeFile(file, p.name);
      log.push(`apply ${p.name}`);
      if (opts.failApplyOn === p.name) throw new Error(`apply ${p.name} broke after writing`);
      return { file };
    },
    async revert(p, _r, env) {
      log.push(`revert ${p.name}`);
      if (opts.failRevertOn === p.name) throw new Error(`revert ${p.name} refused`);
      await env.deps.fs.rm(path.join(p.dir, p.name), { force: true });
    },
  };
}
