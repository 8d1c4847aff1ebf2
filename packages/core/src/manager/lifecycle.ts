// The manager's decisions as pure functions: which signal means what, which
// request wins when several arrive, and what each way of ending implies.
import type { UndoMode } from '../journal/types.js';

export type StopRequest = 'halt' | 'kill' | 'reboot';
export type ManagerSignal = 'SIGTERM' | 'SIGUSR1' | 'SIGINT' | 'SIGHUP' | 'SIGUSR2';

// The signals the manager listens to (the contract vnodesetup and boss rely on).
export const MANAGER_SIGNALS: readonly ManagerSignal[] = ['SIGTERM', 'SIGUSR1', 'SIGINT', 'SIGHUP', 'SIGUSR2'];

// TERM is a host reboot (keep the vnode), USR1/INT/HUP destroy it, USR2 reboots it.
export function requestForSignal(signal: string): StopRequest | undefined {
  switch (signal) {
    case 'SIGTERM':
      return 'halt';
    case 'SIGUSR1':
    case 'SIGINT':
    case 'SIGHUP':
      return 'kill';
    case 'SIGUSR2':
      return 'reboot';
    default:
      return undefined;
  }
}

const STRENGTH: Record<StopRequest, number> = { reboot: 0, halt: 1, kill: 2 };

// A later, stronger request upgrades a pending one (kill beats halt beats
// reboot); a weaker one never downgrades it, so a kill is never lost.
export function mergeRequest(pending: StopRequest | undefined, incoming: StopRequest): StopRequest {
  if (pending === undefined) return incoming;
  return STRENGTH[incoming] > STRENGTH[pending] ? incoming : pending;
}

export type EndReason =
  | { kind: 'request'; request: StopRequest }
  | { kind: 'vnode-exited'; code: number | null; signal: string | null }
  | { kind: 'setup-failed'; error: unknown }
  | { kind: 'node-free' };

export interface Teardown {
  // State reported to boss before tearing down; undefined reports nothing.
  readonly state: 'SHUTDOWN' | 'TBFAILED' | undefined;
  // Which journaled steps to undo (halt keeps disk and root; kill destroys).
  readonly undo: UndoMode;
  // 'if-empty': only when the undo left no step in place (a failed reboot keeps
  // the user's disk, a failed first boot leaves nothing).
  readonly removeConfigDir: 'yes' | 'no' | 'if-empty';
  // Reboot stays in the same manager and starts over with BOOTING.
  readonly bootAgain: boolean;
  readonly exitCode: number;
}

// Emulab: a vnode that dies on its own is reported TBFAILED and destroyed; a
// failed setup is TBFAILED too but keeps a disk an earlier boot made; a node boss
// has freed is cleaned quietly.
export function teardownFor(reason: EndReason): Teardown {
  switch (reason.kind) {
    case 'request':
      switch (reason.request) {
        case 'halt':
          return { state: 'SHUTDOWN', undo: 'halt', removeConfigDir: 'no', bootAgain: false, exitCode: 0 };
        case 'kill':
          return { state: 'SHUTDOWN', undo: 'kill', removeConfigDir: 'yes', bootAgain: false, exitCode: 0 };
        case 'reboot':
          return { state: 'SHUTDOWN', undo: 'halt', removeConfigDir: 'no', bootAgain: true, exitCode: 0 };
      }
      break;
    case 'vnode-exited':
      return { state: 'TBFAILED', undo: 'kill', removeConfigDir: 'yes', bootAgain: false, exitCode: 1 };
    case 'setup-failed':
      return { state: 'TBFAILED', undo: 'failure', removeConfigDir: 'if-empty', bootAgain: false, exitCode: 1 };
    case 'node-free':
      return { state: undefined, undo: 'kill', removeConfigDir: 'yes', bootAgain: false, exitCode: 0 };
  }
  throw new Error('unreachable');
}
