// Make the Nth step a StepRunner runs fail — before its apply touches anything,
// or after apply did its work (the worst case for undo: a step done but never
// journaled as done). The step keeps its name, so the journal and registry
// treat it exactly like the real one.
import type { LiveStepType, StepRunner, StepType } from '../steps/types.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';

export type FaultTiming = 'before' | 'after';

class InjectedFaultError extends TbvnodeError {
  declare readonly code: 'INJECTED_FAULT';
  constructor(step: string, n: number, when: FaultTiming) {
    super('INJECTED_FAULT', `injected fault ${when} step #${n} (${step})`);
  }
}

export interface FaultyStepRunner extends StepRunner {
  /** Steps started through this runner so far. */
  readonly count: number;
  /** Names of the steps started, in order. */
  readonly names: readonly string[];
}

/** failAt is 1-based; 0 or less never fails (use it to count a plan's steps). */
export function injectStepFault(inner: StepRunner, failAt: number, when: FaultTiming = 'after'): FaultyStepRunner {
  const names: string[] = [];
  const next = (name: string): boolean => {
    names.push(name);
    return names.length === failAt;
  };
  return {
    scope: inner.scope,
    get count() {
      return names.length;
    },
    names,
    run<P, R>(type: StepType<P, R>, params: P, o: Parameters<StepRunner['run']>[2]): Promise<R> {
      if (!next(type.name)) return inner.run(type, params, o);
      const n = names.length;
      const faulty: StepType<P, R> = {
        ...type,
        async apply(p, env) {
          if (when === 'before') throw new InjectedFaultError(type.name, n, when);
          await type.apply(p, env);
          throw new InjectedFaultError(type.name, n, when);
        },
      };
      return inner.run(faulty, params, { ...o, reuse: false });
    },
    runLive<P, R, L>(type: LiveStepType<P, R, L>, params: P, o: Parameters<StepRunner['runLive']>[2]) {
      if (!next(type.name)) return inner.runLive(type, params, o);
      const n = names.length;
      const faulty: LiveStepType<P, R, L> = {
        ...type,
        async applyLive(p, env) {
          if (when === 'before') throw new InjectedFaultError(type.name, n, when);
          await type.applyLive(p, env);
          throw new InjectedFaultError(type.name, n, when);
        },
      };
      return inner.runLive(faulty, params, o);
    },
  };
}
