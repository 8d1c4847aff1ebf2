// The journal's on-disk format: JSON lines, append-only, fsynced per line.
// Each line is one event; folding the events gives one record per step.
import type { StepPhase } from '../steps/types.js';

export interface ErrorSummary {
  readonly code: string;
  readonly message: string;
}

/** One line of the journal file. `seq` numbers steps within a journal, never reused. */
export type JournalEvent =
  /** A new manager life (boot, reboot, teardown-after-crash) starts using this journal. */
  | { readonly v: 1; readonly ev: 'session'; readonly session: number; readonly pid: number; readonly at: number }
  /** Intent: written and fsynced BEFORE apply runs. */
  | {
      readonly v: 1; readonly ev: 'begin'; readonly seq: number; readonly session: number;
      readonly step: string; readonly phase: StepPhase; readonly params: unknown; readonly at: number;
    }
  /** A partial result recorded during apply (StepEnv.record). */
  | { readonly v: 1; readonly ev: 'progress'; readonly seq: number; readonly result: unknown; readonly at: number }
  | { readonly v: 1; readonly ev: 'done'; readonly seq: number; readonly result: unknown; readonly at: number }
  /** apply threw; the step may be half done, so it is still undone like any other. */
  | { readonly v: 1; readonly ev: 'failed'; readonly seq: number; readonly error: ErrorSummary; readonly at: number }
  | { readonly v: 1; readonly ev: 'undone'; readonly seq: number; readonly at: number }
  /** revert threw: the step (and everything older) is still in place. */
  | { readonly v: 1; readonly ev: 'undo-failed'; readonly seq: number; readonly error: ErrorSummary; readonly at: number };

export type StepStatus = 'begun' | 'done' | 'failed' | 'undone' | 'undo-failed';

/** A step as the journal knows it after folding its events. */
export interface StepRecord {
  readonly seq: number;
  readonly session: number;
  readonly step: string;
  readonly phase: StepPhase;
  readonly params: unknown;
  readonly status: StepStatus;
  /** The done result, else the last recorded partial, else undefined. */
  readonly result: unknown;
  readonly error?: ErrorSummary;
}

/**
 * halt: runtime steps only (TERM: keep disk and root for the next boot).
 * kill: everything (USR1/INT/HUP, vnodesetup -k).
 * failure: runtime steps, plus persistent steps the failing boot's session created
 *   (a failed first boot leaves nothing; a failed reboot keeps the user's disk).
 */
export type UndoMode = 'halt' | 'kill' | 'failure';
