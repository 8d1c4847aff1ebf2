// `tmcc -x …` is Emulab's way to start the proxy; tmcc's bin hands such a command
// line to this package. Run the real tmcc bin that way and talk through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { skipBecause, waitUntil } from '@tbvnode/test-fixtures';
import { rawRequest } from './helpers/raw-client.js';

const require = createRequire(import.meta.url);
const TMCC_BIN = join(dirname(require.resolve('@tbvnode/tmcc/package.json')), 'bin', 'tmcc.js');
const BUILT = existsSync(join(dirname(TMCC_BIN), '..', 'dist', 'bin', 'tmcc.cjs')) && existsSync(new URL('../dist/bin/tmcc-proxy.js', import.meta.url));

let dir: string;
let boss: BossSimulator;
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-dropin-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
});
afterEach(async () => {
  if (child?.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

// Listening, not only bound: the socket file exists from bind(2), and a connect
// between bind and listen is refused, which a loaded machine makes likely.
async function accepting(path: string): Promise<boolean> {
  const s = connect({ path });
  try {
    await once(s, 'connect');
    return true;
  } catch (err) {
    if (['ENOENT', 'ECONNREFUSED'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  } finally {
    s.destroy();
  }
}

async function waitForSocket(path: string, deadlineMs: number): Promise<void> {
  if (!(await waitUntil(() => accepting(path), { timeoutMs: deadlineMs, intervalMs: 20 }))) throw new Error(`proxy socket ${path} did not accept`);
}

it.skipIf(skipBecause(!BUILT, 'tmcc -x drop-in test: build @tbvnode/tmcc and @tbvnode/tmcc-proxy first'))('tmcc -x path -n id runs the proxy, which answers as that vnode and stops on TERM', async () => {
  const sock = join(dir, 'tmcc');
  child = spawn(process.execPath, [TMCC_BIN, '-s', '127.0.0.1', '-p', String(boss.port), '-i', '-x', sock, '-n', 'pcvm1-2'], {
    env: { PATH: process.env['PATH'] ?? '', TBVNODE_ROOT: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitForSocket(sock, 10_000);
  const { reply, error } = await rawRequest({ path: sock }, 'VNODEID=pcvm1-1 VERSION=34 nodeid ');
  expect(error).toBeNull();
  expect(reply.toString()).toBe('pcvm1-2\n');
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
});
