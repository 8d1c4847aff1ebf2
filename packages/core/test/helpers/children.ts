import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Run a fixture script under node; resolves with stdout, rejects on non-zero exit or after the deadline. */
export async function runFixture(script: string, args: readonly string[], deadlineMs = 30_000): Promise<string> {
  await access(path.join(here, '../../dist/locks/lock-file.js')).catch(() => {
    throw new Error('build @tbvnode/core first (nx runs build before test)');
  });
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(here, '../fixtures', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${script} missed its deadline`)); }, deadlineMs);
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${script} exited ${code}: ${err}`));
    });
  });
}
