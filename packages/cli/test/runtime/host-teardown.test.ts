import type { StepRecord } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { planHostTeardown } from '../../src/runtime/host-teardown.js';

const rec = (seq: number, step: string, status: StepRecord['status'] = 'done'): StepRecord =>
  ({ seq, session: 1, step, phase: 'persistent', params: {}, status, result: undefined });

describe('planHostTeardown', () => {
  it('undoes what is in place, newest first', () => {
    const plan = planHostTeardown([], [rec(1, 'linux.var-template'), rec(2, 'linux.bridge'), rec(3, 'linux.address', 'undone')]);
    expect(plan.map((r) => r.step)).toEqual(['linux.bridge', 'linux.var-template']);
  });
  it('refuses while vnodes exist, naming them', () => {
    expect(() => planHostTeardown(['pcvm1-1'], [rec(1, 'linux.bridge')])).toThrow(expect.objectContaining({ code: 'HOST_IN_USE' }));
  });
});
