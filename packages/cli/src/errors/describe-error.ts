// Pure: how a thrown error is shown to an operator — one line that says what to
// do, the exit status, and a stack only for what is really a bug.
import { EXIT, exitStatusFor } from './exit-status.js';

export interface ErrorReport {
  readonly message: string;
  readonly status: number;
  // Only for unexpected errors (bugs): an operator's mistake gets no stack trace.
  readonly stack?: string;
}

interface SystemErrorLike {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly message: string;
}

// Node's errors from the OS (fs, spawn): the environment, not a bug.
function isSystemError(err: unknown): err is SystemErrorLike {
  const e = err as Partial<SystemErrorLike> | null;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

export function describeError(err: unknown, isRoot: boolean): ErrorReport {
  const message = err instanceof Error ? err.message : String(err);
  if (isSystemError(err)) {
    if (err.code === 'EACCES' || err.code === 'EPERM') {
      const hint = isRoot ? 'permission denied' : 'needs root (run it as root, e.g. with sudo)';
      return { message: `${message}: ${hint}`, status: EXIT.NOPERM };
    }
    return { message, status: EXIT.FAILURE };
  }
  const status = exitStatusFor(err);
  if (status === EXIT.SOFTWARE && err instanceof Error && err.stack) return { message, status, stack: err.stack };
  return { message, status };
}
