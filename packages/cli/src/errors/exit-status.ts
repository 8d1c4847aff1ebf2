// The one table from error codes to exit statuses (sysexits(3) names where they
// fit). Operators' scripts and Emulab's boss only look at zero/non-zero; the
// distinct values help a human tell "fix your flags" from "try again later".
import { isTbvnodeError } from '@tbvnode/core';

export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 64,
  DATAERR: 65,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
  TEMPFAIL: 75,
  NOPERM: 77,
} as const;

const BY_CODE: Readonly<Record<string, number>> = {
  USAGE: EXIT.USAGE,
  UNKNOWN_BACKEND: EXIT.USAGE,
  // A backend option the operator set is unknown or out of range (TBVNODE_BACKEND_OPTIONS).
  LINUX_BAD_OPTION: EXIT.USAGE,
  FBSD_BAD_OPTION: EXIT.USAGE,
  INVALID_VNODE_ID: EXIT.DATAERR,
  BAD_PID_FILE: EXIT.DATAERR,
  UNSAFE_PATH: EXIT.DATAERR,
  BACKEND_NOT_INSTALLED: EXIT.UNAVAILABLE,
  BACKEND_INVALID: EXIT.UNAVAILABLE,
  BACKEND_LOAD_FAILED: EXIT.UNAVAILABLE,
  BACKEND_UNSUPPORTED_PLATFORM: EXIT.UNAVAILABLE,
  NO_DEFAULT_BACKEND: EXIT.UNAVAILABLE,
  NO_MANAGER: EXIT.FAILURE,
  MANAGER_STUCK: EXIT.FAILURE,
  BOOT_TIMEOUT: EXIT.FAILURE,
  LOCK_TIMEOUT: EXIT.TEMPFAIL,
  LOCK_BUSY: EXIT.TEMPFAIL,
  TMCC_REFUSED: EXIT.TEMPFAIL,
  TMCC_TIMEOUT: EXIT.TEMPFAIL,
  TMCC_CONNECT: EXIT.TEMPFAIL,
  TMCC_RESOLVE: EXIT.TEMPFAIL,
  STEP_FAILED: EXIT.FAILURE,
  UNDO_INCOMPLETE: EXIT.FAILURE,
  UNKNOWN_STEP_TYPE: EXIT.SOFTWARE,
  NO_BOSS: EXIT.UNAVAILABLE,
  NO_SUCH_VNODE: EXIT.DATAERR,
  VNODE_NOT_RUNNING: EXIT.UNAVAILABLE,
  HOST_IN_USE: EXIT.FAILURE,
};

// Errors without a known code (a bug, an unexpected throw) are software errors.
export function exitStatusFor(err: unknown): number {
  if (!isTbvnodeError(err) && !isTmccCoded(err)) return EXIT.SOFTWARE;
  return BY_CODE[(err as { code: string }).code] ?? EXIT.FAILURE;
}

// TmccError is not a TbvnodeError (tmcc does not depend on core) but has codes too.
function isTmccCoded(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('TMCC_');
}
