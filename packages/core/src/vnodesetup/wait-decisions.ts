// When vnodesetup stops waiting, as pure functions of what it observed.

export interface ManagerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export type BootWaitOutcome =
  | { done: false }
  | { done: true; status: number; reason: 'running' | 'manager-exited' | 'timeout' };

export interface BootObservation {
  readonly now: number;
  readonly deadline: number;
  readonly startedAt: number;
  // mtime of the `running` marker, or undefined when it is absent.
  readonly markerMtimeMs: number | undefined;
  // The marker's mtime before we started, if it existed: that one never counts.
  readonly previousMarkerMtimeMs?: number | undefined;
  // Set once the manager process has exited.
  readonly exit: ManagerExit | undefined;
}

// A marker counts only if written since this boot started (Emulab compares in
// whole seconds; so do we, to tolerate file systems with coarse timestamps).
// A marker left over from before (same mtime as seen at the start) never counts,
// even within the same second.
export function isFreshMarker(markerMtimeMs: number | undefined, startedAt: number, previousMtimeMs?: number): boolean {
  if (markerMtimeMs === undefined) return false;
  if (previousMtimeMs !== undefined && markerMtimeMs === previousMtimeMs) return false;
  return Math.floor(markerMtimeMs / 1000) >= Math.floor(startedAt / 1000);
}

// Emulab's order: a fresh marker wins; then the manager's exit (its status is
// ours — a manager killed by a signal counts as failure); then the deadline.
export function decideBootWait(o: BootObservation): BootWaitOutcome {
  if (isFreshMarker(o.markerMtimeMs, o.startedAt, o.previousMarkerMtimeMs)) return { done: true, status: 0, reason: 'running' };
  if (o.exit) return { done: true, status: exitStatusOf(o.exit), reason: 'manager-exited' };
  if (o.now >= o.deadline) return { done: true, status: 1, reason: 'timeout' };
  return { done: false };
}

function exitStatusOf(exit: ManagerExit): number {
  if (exit.code !== null) return exit.code;
  return 1;
}

export type StopWaitOutcome = { done: false } | { done: true; stopped: boolean };

// halt/kill wait for the manager to remove its pid file, not forever.
export function decideStopWait(o: { now: number; deadline: number; pidFilePresent: boolean }): StopWaitOutcome {
  if (!o.pidFilePresent) return { done: true, stopped: true };
  if (o.now >= o.deadline) return { done: true, stopped: false };
  return { done: false };
}
