// Runs a built bin with exactly the given env (and an optional argv prefix such
// as setpriv), for tests that need what TestHost's fixed env does not give.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './host.js';

export const BIN_DIR = fileURLToPath(new URL('../../bin/', import.meta.url));

export function runBin(
  bin: 'bootvnodes' | 'vnodesetup' | 'tbvnode',
  args: readonly string[],
  o: { env: Record<string, string>; prefix?: readonly string[]; timeoutMs?: number; stdoutEndsAfter?: number },
): Promise<RunResult> {
  const argv = [...(o.prefix ?? []), process.execPath, path.join(BIN_DIR, `${bin}.js`), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      // A reader that goes away early (`| head -c N`): close our end of the pipe.
      if (o.stdoutEndsAfter !== undefined && stdout.length >= o.stdoutEndsAfter) child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    if (o.stdoutEndsAfter === 0) child.stdout.destroy();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} ${args.join(' ')} did not finish within ${o.timeoutMs ?? 30_000} ms\n${stderr}`));
    }, o.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
