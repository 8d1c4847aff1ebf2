// Runs the tmcc command in process with captured output and a private root.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliDeps } from '../../src/cli/deps.js';

export interface CliRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export async function runCli(argv: string[], deps: Partial<CliDeps> & { root: string }): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const collect = (into: Buffer[]) => ({
    write: (c: Uint8Array | string) => into.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)),
  });
  const code = await main(argv, { stdout: collect(out), stderr: collect(err), env: {}, retryDelayMs: 20, ...deps });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

export async function makeRoot(): Promise<{ root: string; put(rel: string, data: string | Buffer): Promise<string>; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'tmcc-test-'));
  return {
    root,
    async put(rel, data) {
      const p = join(root, rel);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, data);
      return p;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
