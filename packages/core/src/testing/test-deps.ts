// Real deps for tests (real fs, processes, mount table) with a captured logger
// and an optional scripted runner in place of execa.
import type { CoreDeps } from '../deps.js';
import { createNodeDeps } from '../host/node-deps.js';
import type { CommandRunner } from '../runner/types.js';
import { createCapturedLogger, type CapturedLog } from './test-logger.js';

export function createTestDeps(o: { runner?: CommandRunner; overrides?: Partial<CoreDeps> } = {}): CoreDeps & {
  captured: CapturedLog;
} {
  const captured = createCapturedLogger();
  const base = createNodeDeps({ log: captured.log, ...(o.runner ? { runner: o.runner } : {}) });
  return { ...base, ...o.overrides, captured };
}
