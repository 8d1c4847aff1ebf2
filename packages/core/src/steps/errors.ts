// Typed outcomes of running and undoing steps; the manager maps them to TBFAILED
// and the CLI maps their codes to exit statuses.
import { SYSEXITS, TbvnodeError } from '../errors/tbvnode-error.js';
import type { StepRecord } from '../journal/types.js';

/** A step's apply failed; everything it and earlier steps did was undone. */
export class StepFailedError extends TbvnodeError {
  declare readonly code: 'STEP_FAILED';
  readonly step: string;
  readonly seq: number;
  constructor(step: string, seq: number, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('STEP_FAILED', `step ${step} (#${seq}) failed: ${why}`, { cause });
    this.step = step;
    this.seq = seq;
  }
}

/**
 * An undo failed, so teardown stopped there. `remaining` lists, newest first, every
 * step still in place (the one that failed first); the journal records the same.
 */
export class UndoIncompleteError extends TbvnodeError {
  declare readonly code: 'UNDO_INCOMPLETE';
  readonly failed: StepRecord;
  readonly remaining: readonly StepRecord[];
  /** Set when the undo ran because a step failed: that original failure. */
  readonly stepFailure?: StepFailedError;
  constructor(failed: StepRecord, remaining: readonly StepRecord[], cause: unknown, stepFailure?: StepFailedError) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const left = remaining.map((r) => `${r.step}#${r.seq}`).join(', ');
    super('UNDO_INCOMPLETE', `undo of ${failed.step} (#${failed.seq}) failed: ${why}; still in place: ${left}`, { cause });
    this.failed = failed;
    this.remaining = remaining;
    if (stepFailure) this.stepFailure = stepFailure;
  }
}

/** The journal names a step type no registry knows (a backend not loaded). */
export class UnknownStepTypeError extends TbvnodeError {
  declare readonly code: 'UNKNOWN_STEP_TYPE';
  readonly step: string;
  constructor(step: string) {
    super('UNKNOWN_STEP_TYPE', `journal names step type ${JSON.stringify(step)}, which no loaded backend provides`, { exitStatus: SYSEXITS.SOFTWARE });
    this.step = step;
  }
}
