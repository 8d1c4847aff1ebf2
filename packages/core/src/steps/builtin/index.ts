// Core's generic step types, known to every registry.
import type { AnyStepType } from '../types.js';
import { allocateStep } from '../../locks/allocator.js';
import { mkdirStep } from './mkdir.js';
import { bindMountStep, mountStep } from './mount.js';
import { startProcessStep } from './start-process.js';
import { symlinkStep } from './symlink.js';
import { writeFileStep } from './write-file.js';

export const builtinStepTypes: readonly AnyStepType[] = [
  mkdirStep, writeFileStep, symlinkStep, mountStep, bindMountStep, startProcessStep, allocateStep,
];
