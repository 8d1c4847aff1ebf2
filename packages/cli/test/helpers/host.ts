// A throwaway "host" for end-to-end tests: a temp root, the boss simulator on
// loopback, and the built bins run as real processes with that environment.
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment, startBoss, waitFor, type BossSimulator } from '@tbvnode/test-fixtures';

const BIN_DIR = fileURLToPath(new URL('../../bin/', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestHost {
  readonly root: string;
  readonly boss: BossSimulator;
  readonly env: Record<string, string>;
  run(bin: 'bootvnodes' | 'vnodesetup' | 'tbvnode', args: readonly string[], timeoutMs?: number): Promise<RunResult>;
  // Starts a bin without waiting for it (a foreground manager).
  spawn(bin: 'vnodesetup', args: readonly string[]): { pid: number; done: Promise<RunResult> };
  paths(id: string): { configDir: string; pidFile: string; journal: string; marker: string; cache: string; log: string };
  states(id: string): string[];
  cleanup(): Promise<void>;
}

export async function startTestHost(): Promise<TestHost> {
  const root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-cli-'));
  const boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    BOSSNAME: `${boss.host}:${boss.port}`,
    TBVNODE_ROOT: root,
    TBVNODE_BACKEND: 'process',
  };
  const host: TestHost = {
    root,
    boss,
    env,
    run: (bin, args, timeoutMs = 60_000) => runNode(path.join(BIN_DIR, `${bin}.js`), args, env, timeoutMs),
    spawn(bin, args) {
      let pid = 0;
      const done = runNode(path.join(BIN_DIR, `${bin}.js`), args, env, 60_000, (p) => (pid = p));
      return { pid, done };
    },
    paths: (id) => ({
      configDir: path.join(root, 'var/emulab/jails', id),
      pidFile: path.join(root, 'var/run', `tbvnode-${id}.pid`),
      journal: path.join(root, 'var/emulab/jails', id, 'journal'),
      marker: path.join(root, 'var/emulab/jails', id, 'running'),
      cache: path.join(root, 'var/emulab/boot', `tmcc.${id}`),
      log: path.join(root, 'var/emulab/logs', `tbvnode-${id}.log`),
    }),
    states: (id) => boss.states(id).map((s) => s.state),
    async cleanup() {
      await boss.setFaults([]);
      await host.run('bootvnodes', ['-f', '-k'], 30_000);
      // Anything a test left alive on purpose (or by failing) goes now, by pid.
      for (const pid of await livePids(root)) if (await mentionsRoot(pid, root)) killQuietly(pid);
      await boss.stop();
      await fsp.rm(root, { recursive: true, force: true });
    },
  };
  return host;
}

function runNode(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  onPid?: (pid: number) => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) onPid?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Managers (pid files) and started processes (journals) under this root.
export async function livePids(root: string): Promise<number[]> {
  const pids: number[] = [];
  const runDir = path.join(root, 'var/run');
  for (const f of await readdirOrEmpty(runDir)) {
    if (!f.endsWith('.pid')) continue;
    const pid = Number((await fsp.readFile(path.join(runDir, f), 'utf8')).trim());
    if (isAlive(pid)) pids.push(pid);
  }
  const jails = path.join(root, 'var/emulab/jails');
  for (const id of await readdirOrEmpty(jails)) {
    for (const pid of await journaledPids(path.join(jails, id, 'journal'))) if (isAlive(pid)) pids.push(pid);
  }
  return pids;
}

export async function journaledPids(journal: string): Promise<number[]> {
  let text = '';
  try {
    text = await fsp.readFile(journal, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pids = new Set<number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const ev = JSON.parse(line) as { ev?: string; result?: { pid?: unknown } };
    if ((ev.ev === 'progress' || ev.ev === 'done') && typeof ev.result?.pid === 'number') pids.add(ev.result.pid);
  }
  return [...pids];
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Is anything left in the process group this pid led?
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Only ever kill what is ours: its command line names this test's root (both the
// manager's --root and the rc's script path do), so a reused pid is left alone.
async function mentionsRoot(pid: number, root: string): Promise<boolean> {
  try {
    return (await fsp.readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

// The pid's process group first (an rc leads one with its children), then the pid.
function killQuietly(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

// Polls a condition under a deadline (for files and processes, which have no events); throws saying what.
export function waitUntil(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  return waitFor(what, cond, { timeoutMs, intervalMs: 25 });
}
