import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '../../src/testing/test-deps.js';
import type { Clock, CoreDeps, ProcessTable } from '../../src/deps.js';
import { hostPaths, vnodePaths, type HostPaths } from '../../src/paths/layout.js';
import { validateVnodeId, type VnodeId } from '../../src/paths/vnode-id.js';
import type { ProcessExit, StartedProcess } from '../../src/runner/types.js';
import type { VnodesetupContext } from '../../src/vnodesetup/context.js';
import { bootVnode, rebootVnode, stopVnode } from '../../src/vnodesetup/operations.js';

// Operations against a real temp root, with a fake process table and a scripted
// "manager" so every branch is reachable without spawning anything.
const ID = validateVnodeId('pcvm1-1');
let root: string;
let host: HostPaths;

beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-ops-'));
  host = hostPaths(root);
  await fsp.mkdir(host.runDir, { recursive: true });
  await fsp.mkdir(host.jailsDir, { recursive: true });
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

// Time moves only when someone sleeps, so deadlines pass without real waiting.
function steppingClock(): Clock {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
}

function fakeProc(alive: Set<number>, onSignal: (pid: number, sig: string) => void = () => undefined): ProcessTable {
  return {
    selfPid: 1,
    isAlive: (pid) => alive.has(pid),
    kill: (pid, sig) => {
      if (!alive.has(pid)) return false;
      if (sig !== 0) onSignal(pid, String(sig));
      return true;
    },
    startToken: async () => null,
  };
}

type Script = (paths: ReturnType<typeof vnodePaths>) => Promise<ProcessExit | undefined>;

function context(o: { proc: ProcessTable; script?: Script; recover?: string[]; states?: string[] }): {
  ctx: VnodesetupContext;
  started: number[];
} {
  const base = createTestDeps();
  const deps: CoreDeps = { ...base, clock: steppingClock(), proc: o.proc };
  const started: number[] = [];
  const ctx: VnodesetupContext = {
    host,
    deps,
    timing: { bootWaitMs: 5_000, stopWaitMs: 3_000, pollMs: 100 },
    withVnodeLock: (_id, fn) => fn(),
    startManager: async (id: VnodeId): Promise<StartedProcess> => {
      started.push(started.length + 1);
      const paths = vnodePaths(host, id);
      const exit = o.script ? await o.script(paths) : undefined;
      return {
        pid: 4000,
        argv: ['manager'],
        exited: exit ? Promise.resolve(exit) : new Promise(() => undefined),
        kill: () => true,
        unref: () => undefined,
      };
    },
    recover: async (id, mode) => {
      o.recover?.push(`${mode}:${id}`);
      await fsp.rm(vnodePaths(host, id).configDir, { recursive: true, force: true });
      return true;
    },
    reportState: async (id, state) => void o.states?.push(`${state}:${id}`),
  };
  return { ctx, started };
}

const paths = () => vnodePaths(host, ID);

describe('bootVnode', () => {
  it('returns 0 once the manager writes a fresh running marker', async () => {
    const { ctx } = context({
      proc: fakeProc(new Set()),
      script: async (p) => {
        await fsp.mkdir(p.configDir, { recursive: true });
        await fsp.writeFile(p.runningMarker, '');
        return undefined;
      },
    });
    await expect(bootVnode(ctx, ID)).resolves.toEqual({ status: 0, reason: 'running' });
  });

  it("passes on the manager's exit status when it exits first", async () => {
    const { ctx } = context({ proc: fakeProc(new Set()), script: async () => ({ exitCode: 3, signal: null }) });
    await expect(bootVnode(ctx, ID)).resolves.toEqual({ status: 3, reason: 'manager-exited' });
  });

  it('gives up with status 1 at the deadline', async () => {
    const { ctx } = context({ proc: fakeProc(new Set()) });
    await expect(bootVnode(ctx, ID)).resolves.toEqual({ status: 1, reason: 'timeout' });
  });

  it('ignores a marker left from before', async () => {
    await fsp.mkdir(paths().configDir, { recursive: true });
    await fsp.writeFile(paths().runningMarker, '');
    const { ctx } = context({ proc: fakeProc(new Set()) });
    await expect(bootVnode(ctx, ID)).resolves.toEqual({ status: 1, reason: 'timeout' });
  });

  it('removes a stale pid file (ESRCH) and starts a manager', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const { ctx, started } = context({ proc: fakeProc(new Set()), script: async () => ({ exitCode: 0, signal: null }) });
    await bootVnode(ctx, ID);
    expect(started).toEqual([1]);
    await expect(fsp.access(paths().pidFile)).rejects.toThrow();
  });

  it('skips a vnode whose manager is alive when asked to', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const { ctx, started } = context({ proc: fakeProc(new Set([4242])) });
    await expect(bootVnode(ctx, ID, { ifRunning: 'skip' })).resolves.toEqual({ status: 0, reason: 'already-running' });
    expect(started).toEqual([]);
  });

  it('kills a live manager first when restarting (Emulab -b)', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const alive = new Set([4242]);
    const signals: string[] = [];
    const proc = fakeProc(alive, (pid, sig) => {
      signals.push(sig);
      alive.delete(pid);
      void fsp.rm(paths().pidFile, { force: true });
    });
    const { ctx, started } = context({ proc, script: async () => ({ exitCode: 0, signal: null }) });
    await bootVnode(ctx, ID);
    expect(signals).toEqual(['SIGUSR1']);
    expect(started).toEqual([1]);
  });

  it('refuses a pid file that holds no pid, signalling nothing', async () => {
    await fsp.writeFile(paths().pidFile, 'not a pid');
    const signals: string[] = [];
    const { ctx } = context({ proc: fakeProc(new Set(), (_p, s) => signals.push(s)) });
    await expect(bootVnode(ctx, ID)).rejects.toMatchObject({ code: 'BAD_PID_FILE' });
    expect(signals).toEqual([]);
  });
});

describe('stopVnode', () => {
  it('sends TERM for halt and waits for the pid file to go', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const signals: string[] = [];
    const proc = fakeProc(new Set([4242]), (_pid, sig) => {
      signals.push(sig);
      void fsp.rm(paths().pidFile, { force: true });
    });
    const { ctx } = context({ proc });
    await expect(stopVnode(ctx, ID, 'halt')).resolves.toEqual({ how: 'signalled' });
    expect(signals).toEqual(['SIGTERM']);
  });

  it('fails with MANAGER_STUCK when the pid file stays past the deadline', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const { ctx } = context({ proc: fakeProc(new Set([4242])) });
    await expect(stopVnode(ctx, ID, 'kill')).rejects.toMatchObject({ code: 'MANAGER_STUCK' });
  });

  it('undoes a crashed manager from its journal, removes the pid file and tells boss', async () => {
    await fsp.mkdir(paths().configDir, { recursive: true });
    await fsp.writeFile(paths().pidFile, '4242\n');
    const recover: string[] = [];
    const states: string[] = [];
    const { ctx } = context({ proc: fakeProc(new Set()), recover, states });
    await expect(stopVnode(ctx, ID, 'kill')).resolves.toEqual({ how: 'recovered' });
    expect(recover).toEqual(['kill:pcvm1-1']);
    expect(states).toEqual(['SHUTDOWN:pcvm1-1']);
    await expect(fsp.access(paths().pidFile)).rejects.toThrow();
  });

  it('kills a halted vnode (config dir, no manager) without telling boss again', async () => {
    await fsp.mkdir(paths().configDir, { recursive: true });
    const recover: string[] = [];
    const states: string[] = [];
    const { ctx } = context({ proc: fakeProc(new Set()), recover, states });
    await stopVnode(ctx, ID, 'kill');
    expect(recover).toEqual(['kill:pcvm1-1']);
    expect(states).toEqual([]);
  });

  it('says there is no manager when nothing of the vnode exists', async () => {
    const { ctx } = context({ proc: fakeProc(new Set()) });
    await expect(stopVnode(ctx, ID, 'halt')).rejects.toMatchObject({ code: 'NO_MANAGER' });
  });
});

describe('rebootVnode', () => {
  it('sends USR2 to a live manager and waits for a new marker', async () => {
    await fsp.mkdir(paths().configDir, { recursive: true });
    await fsp.writeFile(paths().pidFile, '4242\n');
    await fsp.writeFile(paths().runningMarker, '');
    await fsp.utimes(paths().runningMarker, 100, 100);
    const signals: string[] = [];
    const proc = fakeProc(new Set([4242]), (_pid, sig) => {
      signals.push(sig);
      void fsp.writeFile(paths().runningMarker, 'again');
    });
    const { ctx, started } = context({ proc });
    await expect(rebootVnode(ctx, ID)).resolves.toEqual({ status: 0, reason: 'running' });
    expect(signals).toEqual(['SIGUSR2']);
    expect(started).toEqual([]);
  });

  it('reports failure when the manager goes away instead of coming back', async () => {
    await fsp.writeFile(paths().pidFile, '4242\n');
    const proc = fakeProc(new Set([4242]), () => void fsp.rm(paths().pidFile, { force: true }));
    const { ctx } = context({ proc });
    await expect(rebootVnode(ctx, ID)).resolves.toEqual({ status: 1, reason: 'manager-exited' });
  });

  it('boots when there is no manager', async () => {
    const { ctx, started } = context({ proc: fakeProc(new Set()), script: async () => ({ exitCode: 0, signal: null }) });
    await rebootVnode(ctx, ID);
    expect(started).toEqual([1]);
  });
});
