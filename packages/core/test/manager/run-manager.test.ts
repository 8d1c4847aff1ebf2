import { EventEmitter } from 'node:events';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadExperiment, startBoss, waitFor, waitForFile, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostContext } from '../../src/backend/types.js';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { composeManager } from '../../src/manager/compose.js';
import { runManager } from '../../src/manager/run-manager.js';
import { processBackend } from '../../src/process-backend/descriptor.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

// The manager in process, driving real rc processes and a real proxy against the
// boss simulator; signals come from an emitter standing in for `process`.
const ID = validateVnodeId('pcvm1-1');
let root: string;
let boss: BossSimulator;
let running: Array<Promise<number>> = [];
let signalSources: EventEmitter[] = [];

beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-mgr-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
});

afterEach(async () => {
  // A test that failed half way leaves its manager waiting: kill it, so its rc goes too.
  for (const s of signalSources) s.emit('SIGUSR1', 'SIGUSR1');
  await Promise.allSettled(running);
  running = [];
  signalSources = [];
  await boss.stop();
  await fsp.rm(root, { recursive: true, force: true });
});

function start() {
  const deps = createTestDeps();
  const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
  const backend = processBackend.create({ stopGraceMs: 2_000 });
  const signals = new EventEmitter();
  signalSources.push(signals);
  const parts = composeManager({
    vnodeId: ID,
    backend,
    host,
    boss: { name: 'boss.example.emulab.net', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
    signals,
    prepareHost: async () => undefined,
    stopTimeoutMs: 3_000,
    proxyCheckEveryMs: 50,
    proxyRestartDelayMs: 10,
  });
  const exit = runManager(parts);
  running.push(exit);
  return { exit, signals, paths: vnodePaths(host.paths, ID), deps };
}

const statesOf = (b: BossSimulator) => b.states(ID).map((s) => s.state);

// The rc's pid as the startProcess step journaled it.
async function rcPid(journalFile: string): Promise<number> {
  const lines = (await fsp.readFile(journalFile, 'utf8')).split('\n').filter((l) => l !== '');
  const events = lines.map((l) => JSON.parse(l) as { ev: string; result?: { pid?: unknown } });
  const pids = events.filter((e) => e.ev === 'progress' && typeof e.result?.pid === 'number');
  const pid = pids.at(-1)?.result?.pid;
  if (typeof pid !== 'number') throw new Error('no started process in the journal');
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

// Resolves when boss has recorded `state` for the vnode `n` times.
function waitForNth(b: BossSimulator, state: string, n: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (statesOf(b).filter((s) => s === state).length >= n) {
        clearTimeout(timer);
        b.off('state', check);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      b.off('state', check);
      reject(new Error(`boss did not see ${state} ${n} times within ${timeoutMs} ms: ${statesOf(b).join(',')}`));
    }, timeoutMs);
    b.on('state', check);
    check();
  });
}

describe('runManager with the process backend', () => {
  it('boots (BOOTING, ISUP from the rc via the proxy), halts on TERM keeping the config dir', async () => {
    const m = start();
    await boss.waitForState(ID, 'ISUP', 15_000);
    await waitForFile(m.paths.runningMarker, 5_000);
    expect((await fsp.readFile(m.paths.pidFile, 'utf8')).split('\n')[0]).toBe(`${process.pid}`);
    expect(await fsp.readFile(m.paths.jailconfig, 'utf8')).toContain('JAILIP=');
    await fsp.access(path.join(m.paths.tmccCacheDir, 'ifconfig'));
    const pid = await rcPid(m.paths.journal);
    expect(isAlive(pid)).toBe(true);
    expect(await fsp.readFile(path.join(m.paths.logsDir, 'console.log'), 'utf8')).toContain(`vnode ${ID} is up`);
    // Boss reaches the backend one way, as the manager reached it (no backend option).
    expect(await fsp.readFile(path.join(m.paths.rootDir, 'etc/emulab/bossnode'), 'utf8')).toBe(`boss.example.emulab.net:${boss.port}\n`);
    m.signals.emit('SIGTERM', 'SIGTERM');
    await expect(m.exit).resolves.toBe(0);
    expect(statesOf(boss)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN']);
    await fsp.access(m.paths.rootDir);
    await expect(fsp.access(m.paths.pidFile)).rejects.toThrow();
    await expect(fsp.access(m.paths.runningMarker)).rejects.toThrow();
    // Runtime steps are undone: the tmcc cache and the proxypath file are gone.
    await expect(fsp.access(m.paths.tmccCacheDir)).rejects.toThrow();
    await expect(fsp.access(path.join(m.paths.rootDir, 'var/emulab/boot/proxypath'))).rejects.toThrow();
    expect(isAlive(pid)).toBe(false);
  });

  it('reboots on USR2 in the same manager, then a kill removes everything', async () => {
    const m = start();
    await boss.waitForState(ID, 'ISUP', 15_000);
    m.signals.emit('SIGUSR2', 'SIGUSR2');
    await waitForNth(boss, 'ISUP', 2, 15_000);
    expect(statesOf(boss)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP']);
    m.signals.emit('SIGUSR1', 'SIGUSR1');
    await expect(m.exit).resolves.toBe(0);
    expect(statesOf(boss).at(-1)).toBe('SHUTDOWN');
    await expect(fsp.access(m.paths.configDir)).rejects.toThrow();
    await expect(fsp.access(m.paths.pidFile)).rejects.toThrow();
  });

  it('reports TBFAILED and destroys the vnode when the rc dies on its own', async () => {
    const m = start();
    await boss.waitForState(ID, 'ISUP', 15_000);
    const rc = await rcPid(m.paths.journal);
    process.kill(rc, 'SIGKILL');
    await expect(m.exit).resolves.toBe(1);
    expect(statesOf(boss).at(-1)).toBe('TBFAILED');
    await expect(fsp.access(m.paths.configDir)).rejects.toThrow();
    await expect(fsp.access(m.paths.pidFile)).rejects.toThrow();
    // The rc's idle child, orphaned in its group, went with the undo too.
    if (m.deps.proc.listGroupMembers) expect(await m.deps.proc.listGroupMembers(rc)).toEqual([]);
  });

  it('brings the proxy back when its socket is deleted from inside the vnode', async () => {
    const m = start();
    await boss.waitForState(ID, 'ISUP', 15_000);
    const socket = path.join(m.paths.rootDir, 'tmcc');
    expect((await fsp.lstat(socket)).isSocket()).toBe(true);
    await fsp.rm(socket);
    // (Inode numbers get reused, so "a socket is there again" is the test.)
    const back = async () => (await fsp.lstat(socket).catch(() => undefined))?.isSocket() === true;
    await waitFor('the proxy socket to come back', back, { timeoutMs: 10_000, intervalMs: 20 });
    // It serves again: a reboot's rc reports ISUP through it.
    m.signals.emit('SIGUSR2', 'SIGUSR2');
    await waitForNth(boss, 'ISUP', 2, 15_000);
    m.signals.emit('SIGUSR1', 'SIGUSR1');
    await expect(m.exit).resolves.toBe(0);
  });
});
