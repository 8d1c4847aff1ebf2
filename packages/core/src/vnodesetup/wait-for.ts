// The two waits of vnodesetup, each an observe-decide loop with a deadline.
import type { CoreDeps } from '../deps.js';
import type { VnodePaths } from '../paths/layout.js';
import type { ProcessExit } from '../runner/types.js';
import { pathExists } from '../fs/path-exists.js';
import { mtimeIfExists } from './observe.js';
import { pollUntil } from './poll.js';
import { decideBootWait, decideStopWait, type BootWaitOutcome, type ManagerExit } from './wait-decisions.js';

export type BootDone = Extract<BootWaitOutcome, { done: true }>;

export interface WaitForRunningOptions {
  readonly startedAt: number;
  readonly previousMarkerMtimeMs: number | undefined;
  readonly waitMs: number;
  readonly pollMs: number;
  // The manager we started (boot); absent when we only signalled one (reboot).
  readonly exited?: Promise<ProcessExit>;
  // Without a child to wait on, the pid file going away means the manager exited.
  readonly watchPidFile?: boolean;
}

export async function waitForRunning(deps: CoreDeps, paths: VnodePaths, o: WaitForRunningOptions): Promise<BootDone> {
  let exit: ManagerExit | undefined;
  const listeners = new Set<() => void>();
  void o.exited?.then((e) => {
    exit = { code: e.exitCode, signal: e.signal };
    for (const l of listeners) l();
  });
  const deadline = o.startedAt + o.waitMs;
  return pollUntil<BootDone>(
    async (now) => {
      const markerMtimeMs = await mtimeIfExists(deps, paths.runningMarker);
      if (o.watchPidFile && exit === undefined && !(await pathExists(deps, paths.pidFile))) {
        exit = { code: 1, signal: null };
      }
      const outcome = decideBootWait({
        now,
        deadline,
        startedAt: o.startedAt,
        markerMtimeMs,
        previousMarkerMtimeMs: o.previousMarkerMtimeMs,
        exit,
      });
      return outcome;
    },
    {
      clock: deps.clock,
      intervalMs: o.pollMs,
      wake: (cb) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    },
  );
}

export async function waitForPidFileGone(
  deps: CoreDeps,
  pidFile: string,
  o: { waitMs: number; pollMs: number },
): Promise<boolean> {
  const deadline = deps.clock.now() + o.waitMs;
  const out = await pollUntil(
    async (now) => decideStopWait({ now, deadline, pidFilePresent: await pathExists(deps, pidFile) }),
    { clock: deps.clock, intervalMs: o.pollMs },
  );
  return out.stopped;
}
