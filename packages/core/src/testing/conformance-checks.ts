// The checks every VirtualizationBackend must pass, as plain async functions
// (conformance.ts wraps them in vitest blocks). Each builds a vnode on a
// throwaway host, exercises a lifecycle, and compares the host before and after.
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../deps.js';
import type { HostContext, RunningVnode, VirtualizationBackend, VnodeContext } from '../backend/types.js';
import { TbvnodeError, isTbvnodeError } from '../errors/tbvnode-error.js';
import { safeRemoveConfigDir } from '../fs/safe-remove.js';
import type { UndoMode } from '../journal/types.js';
import { createStepRegistry } from '../steps/registry.js';
import { openStepRunner, type JournaledStepRunner } from '../steps/step-runner.js';
import type { StepRunner } from '../steps/types.js';
import { undoJournal } from '../steps/undo.js';
import { readJournal } from '../journal/journal-file.js';
import { isTimedOut, within } from '../toolkit/wait.js';
import { injectStepFault, type FaultTiming } from './fault-injection.js';
import { snapshotHost } from './host-snapshot.js';

export interface ConformanceVnode {
  readonly vnode: VnodeContext;
  /** Anything the harness started for this vnode (a proxy, a boss simulator). */
  dispose?(): Promise<void>;
}

export interface ConformanceHost {
  readonly host: HostContext;
  makeVnode(id: string): Promise<ConformanceVnode>;
  /** Host state to compare; default: files, mounts and processes under the root. */
  snapshot?(): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface ConformanceSubject {
  makeBackend(): VirtualizationBackend | Promise<VirtualizationBackend>;
  makeHost(): Promise<ConformanceHost>;
  /** Budget for RunningVnode.stop (default 5000). */
  readonly stopTimeoutMs?: number;
}

export class ConformanceError extends TbvnodeError {
  declare readonly code: 'CONFORMANCE';
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super('CONFORMANCE', message);
    this.details = details;
  }
}

function check(ok: boolean, message: string, details?: unknown): void {
  if (!ok) throw new ConformanceError(message, details);
}

export interface Fixture {
  readonly backend: VirtualizationBackend;
  readonly h: ConformanceHost;
  snapshot(): Promise<unknown>;
  open(v: VnodeContext): Promise<JournaledStepRunner>;
  undo(v: VnodeContext, mode: UndoMode, backend?: VirtualizationBackend): Promise<void>;
  stop(running: RunningVnode): Promise<void>;
}

export async function withFixture(subject: ConformanceSubject, fn: (f: Fixture) => Promise<void>): Promise<void> {
  const backend = await subject.makeBackend();
  const h = await subject.makeHost();
  const { deps, paths } = h.host;
  // Core's built-ins are always in it: a backend lists only its own step types.
  const registryOf = (b: VirtualizationBackend) => createStepRegistry(b.stepTypes);
  const f: Fixture = {
    backend,
    h,
    snapshot: () => (h.snapshot ? h.snapshot() : snapshotHost(deps, paths.root)),
    async open(v) {
      await deps.fs.mkdir(v.paths.configDir, { recursive: true });
      return openStepRunner({ scope: v.id, journalPath: v.paths.journal, registry: registryOf(backend), deps });
    },
    async undo(v, mode, b = backend) {
      await undoJournal({ journalPath: v.paths.journal, mode, registry: registryOf(b), deps, scope: v.id });
      if (mode === 'kill') await safeRemoveConfigDir(deps, v.paths.configDir);
    },
    stop: (running) => running.stop(subject.stopTimeoutMs ?? 5_000),
  };
  let failure: unknown = null;
  try {
    await fn(f);
  } catch (err) {
    failure = err;
  }
  try {
    await cleanUpHost(f);
  } catch (err) {
    // Keep the check's own failure as the headline; the cleanup problem goes to the log.
    if (failure === null) throw err;
    deps.log.error({ err }, 'conformance: host cleanup failed after a failed check');
  }
  if (failure !== null) throw failure;
}

// After a failed check the host may still hold what the backend leaked. Processes
// living in this throwaway root are ours: kill them. Mounts are not removed blindly,
// and the root is then not disposed — deleting through a mount could destroy host data.
async function cleanUpHost(f: Fixture): Promise<void> {
  const { deps, paths } = f.h.host;
  const snap = await snapshotHost(deps, paths.root);
  for (const line of snap.processes) deps.proc.kill(Number(line.split(' ')[0]), 'SIGKILL');
  if (snap.mounts.length > 0) {
    throw new ConformanceError(`mounts left under ${paths.root}; not removing it: ${snap.mounts.join(', ')}`);
  }
  await f.h.dispose();
}

async function bringUp(b: VirtualizationBackend, v: VnodeContext, steps: StepRunner): Promise<RunningVnode> {
  await b.create(v, steps);
  await b.configureNetwork(v, steps);
  return b.boot(v, steps);
}

async function withVnode(f: Fixture, id: string, fn: (v: VnodeContext) => Promise<void>): Promise<void> {
  const cv = await f.h.makeVnode(id);
  try {
    await fn(cv.vnode);
  } finally {
    await cv.dispose?.();
  }
}

export async function expectSame(f: Fixture, before: unknown, what: string): Promise<void> {
  const after = await f.snapshot();
  check(isDeepStrictEqual(before, after), `${what}: the host is not as before`, { before, after });
}

export async function checkProbe(subject: ConformanceSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    const report = await f.backend.probe(f.h.host);
    check(report.backend === f.backend.name, `probe names backend ${report.backend}, not ${f.backend.name}`);
    check(Array.isArray(report.checks) && typeof report.usable === 'boolean', 'probe report is malformed', report);
    await expectSame(f, before, 'probe');
  });
}

/** create, boot, state, stop, kill-undo: running while up, absent after, host as before. */
export async function checkLifecycle(subject: ConformanceSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    await withVnode(f, 'conf-life', async (v) => {
      const running = await bringUp(f.backend, v, await f.open(v));
      check((await f.backend.state(v)) === 'running', 'state() is not running after boot');
      const proxy = f.backend.proxyEndpoint(v);
      check(proxy.hostPath.length > 0 && proxy.insidePath.length > 0, 'proxyEndpoint paths are empty');
      await f.stop(running);
      await withDeadline(running.exited, 10_000, 'init did not exit after stop()', f.h.host.deps.clock);
      check((await f.backend.state(v)) !== 'running', 'state() still running after stop');
      await f.undo(v, 'kill');
      check((await f.backend.state(v)) === 'absent', 'state() is not absent after kill');
    });
    await expectSame(f, before, 'boot, stop, kill');
  });
}

/**
 * The handle's contract: stop() stops once (a second call, concurrent or later, adds
 * nothing; the journal's undo does not stop the vnode again), `exited` resolves, and
 * a stop after the vnode died on its own is harmless.
 */
export async function checkHandle(subject: ConformanceSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const { deps } = f.h.host;
    const before = await f.snapshot();
    await withVnode(f, 'conf-handle', async (v) => {
      const steps = await f.open(v);
      const running = await bringUp(f.backend, v, steps);
      const inPlace = (await steps.records()).filter((r) => r.status !== 'undone').map((r) => r.seq);
      const first = f.stop(running);
      const second = f.stop(running);
      check(first === second, 'a second stop() while the first runs is not the same stop');
      await first;
      await withDeadline(running.exited, 10_000, 'exited did not resolve after stop()', deps.clock);
      const undone = (await steps.records()).filter((r) => r.status === 'undone').map((r) => r.seq);
      check(undone.length === 1 && inPlace.includes(undone[0] as number), 'stop() did not undo exactly its start step', { undone, inPlace });
      check((await f.backend.state(v)) !== 'running', 'state() still running after stop()');
      const journal = await deps.fs.readFile(v.paths.journal, 'utf8');
      await f.stop(running);
      check((await deps.fs.readFile(v.paths.journal, 'utf8')) === journal, 'a stop() after the vnode stopped did something again');
      const report = await undoJournal({ journalPath: v.paths.journal, mode: 'kill', registry: createStepRegistry(f.backend.stepTypes), deps, scope: v.id });
      check(!report.undone.some((r) => undone.includes(r.seq)), 'the undo stopped the vnode a second time', report.undone);
      await safeRemoveConfigDir(deps, v.paths.configDir);
    });
    await withVnode(f, 'conf-died', async (v) => {
      const steps = await f.open(v);
      const running = await bringUp(f.backend, v, steps);
      // Dies on its own (as an OOM kill would end it): no stop() was asked for.
      deps.proc.kill(running.pid, 'SIGKILL');
      await withDeadline(running.exited, 10_000, 'exited did not resolve when init died', deps.clock);
      await f.stop(running);
      check((await f.backend.state(v)) !== 'running', 'state() running after init died and stop()');
      const left = (await readJournal(deps.fs, v.paths.journal)).records.filter((r) => r.status === 'undo-failed');
      check(left.length === 0, 'stop() after init died failed an undo', left);
      await f.undo(v, 'kill');
    });
    await expectSame(f, before, 'stop twice, stop after exit, kill');
  });
}

/** halt undoes runtime steps only; the next boot reuses the persistent ones; kill then cleans all. */
export async function checkHaltKeepsPersistent(subject: ConformanceSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    await withVnode(f, 'conf-halt', async (v) => {
      const first = await f.open(v);
      await f.stop(await bringUp(f.backend, v, first));
      await f.undo(v, 'halt');
      const kept = await first.records();
      check(kept.every((r) => r.phase === 'persistent' && r.status === 'done'), 'halt left runtime or unfinished steps', kept);
      check((await f.backend.state(v)) === 'stopped', 'state() after halt is not stopped');
      const second = await f.open(v);
      const running = await bringUp(f.backend, v, second);
      check((await f.backend.state(v)) === 'running', 'a halted vnode did not boot again');
      await f.stop(running);
      await f.undo(v, 'kill');
    });
    await expectSame(f, before, 'halt, boot again, kill');
  });
}

/** A manager that vanished after boot: a fresh backend and the journal on disk undo everything. */
export async function checkCrashReplay(subject: ConformanceSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    await withVnode(f, 'conf-crash', async (v) => {
      const running = await bringUp(f.backend, v, await f.open(v));
      // No stop(): the journal alone must be enough, with a backend that never saw this vnode.
      await f.undo(v, 'kill', await subject.makeBackend());
      await withDeadline(running.exited, 10_000, 'init survived the journal replay', f.h.host.deps.clock);
    });
    await expectSame(f, before, 'crash replay');
  });
}

/** Number of steps a full bring-up runs (for checkFaultAt). */
export async function countBringUpSteps(subject: ConformanceSubject): Promise<number> {
  let n = 0;
  await withFixture(subject, async (f) => {
    await withVnode(f, 'conf-count', async (v) => {
      const steps = injectStepFault(await f.open(v), 0);
      const running = await bringUp(f.backend, v, steps);
      n = steps.count;
      await f.stop(running);
      await f.undo(v, 'kill');
    });
  });
  return n;
}

/** Fail step `at` of a bring-up: StepFailedError, and the host as before. */
export async function checkFaultAt(subject: ConformanceSubject, at: number, when: FaultTiming): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    await withVnode(f, `conf-fault${at}`, async (v) => {
      const steps = injectStepFault(await f.open(v), at, when);
      let failure: unknown = null;
      try {
        const running = await bringUp(f.backend, v, steps);
        await f.stop(running);
      } catch (err) {
        failure = err;
      }
      check(isTbvnodeError(failure) && failure.code === 'STEP_FAILED', `fault at step ${at} (${when}) did not end in STEP_FAILED`, failure);
      check((await f.backend.state(v)) !== 'running', `vnode still running after fault at step ${at}`);
      await safeRemoveConfigDir(f.h.host.deps, v.paths.configDir);
    });
    await expectSame(f, before, `fault at step ${at} (${when})`);
  });
}

async function withDeadline<T>(p: Promise<T>, ms: number, message: string, clock: Clock): Promise<T> {
  const out = await within(p, { clock, timeoutMs: ms });
  if (isTimedOut(out)) throw new ConformanceError(message);
  return out;
}
