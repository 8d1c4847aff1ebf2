// The manager's own step types, for registries (crash recovery only reverts).
import type { AnyStepType } from '../steps/types.js';
import { tmccCacheStep } from './tmcc-cache-step.js';

export const managerStepTypes: readonly AnyStepType[] = [tmccCacheStep()];
