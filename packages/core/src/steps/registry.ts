// Step types by journal name: how a process that only has the journal file
// (vnodesetup -k after a crash) finds the revert for each recorded step.
import { TbvnodeError } from '../errors/tbvnode-error.js';
import type { AnyStepType } from './types.js';
import { UnknownStepTypeError } from './errors.js';
import { builtinStepTypes } from './builtin/index.js';

export interface StepRegistry {
  get(name: string): AnyStepType;
  has(name: string): boolean;
  readonly names: readonly string[];
}

class DuplicateStepTypeError extends TbvnodeError {
  declare readonly code: 'DUPLICATE_STEP_TYPE';
  constructor(name: string) {
    super('DUPLICATE_STEP_TYPE', `two different step types are named ${JSON.stringify(name)}`);
  }
}

/**
 * Core's built-in step types are always included. A list may repeat the very same
 * object (a backend re-exporting a core step), never a different one under a taken name.
 */
export function createStepRegistry(...lists: ReadonlyArray<readonly AnyStepType[]>): StepRegistry {
  const byName = new Map<string, AnyStepType>();
  for (const t of [builtinStepTypes, ...lists].flat()) {
    const existing = byName.get(t.name);
    if (existing !== undefined && existing !== t) throw new DuplicateStepTypeError(t.name);
    byName.set(t.name, t);
  }
  return {
    get(name) {
      const t = byName.get(name);
      if (!t) throw new UnknownStepTypeError(name);
      return t;
    },
    has: (name) => byName.has(name),
    names: [...byName.keys()],
  };
}
