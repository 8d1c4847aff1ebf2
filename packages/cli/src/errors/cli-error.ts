// Errors the CLI itself raises, on the house's one error base; each code's
// sysexits(3) status is decided here, next to the code.
import { SYSEXITS, TbvnodeError, type ExitStatus } from '@tbvnode/core';

export type CliErrorCode =
  | 'USAGE'
  | 'UNKNOWN_BACKEND'
  | 'BACKEND_NOT_INSTALLED'
  | 'BACKEND_INVALID'
  | 'BACKEND_LOAD_FAILED'
  | 'BACKEND_UNSUPPORTED_PLATFORM'
  | 'NO_DEFAULT_BACKEND'
  | 'NO_BOSS'
  | 'NO_SUCH_VNODE'
  | 'VNODE_NOT_RUNNING'
  | 'HOST_IN_USE';

const EXIT_STATUS: Readonly<Record<CliErrorCode, ExitStatus>> = {
  USAGE: SYSEXITS.USAGE,
  UNKNOWN_BACKEND: SYSEXITS.USAGE,
  BACKEND_NOT_INSTALLED: SYSEXITS.UNAVAILABLE,
  BACKEND_INVALID: SYSEXITS.UNAVAILABLE,
  BACKEND_LOAD_FAILED: SYSEXITS.UNAVAILABLE,
  BACKEND_UNSUPPORTED_PLATFORM: SYSEXITS.UNAVAILABLE,
  NO_DEFAULT_BACKEND: SYSEXITS.UNAVAILABLE,
  NO_BOSS: SYSEXITS.UNAVAILABLE,
  NO_SUCH_VNODE: SYSEXITS.DATAERR,
  VNODE_NOT_RUNNING: SYSEXITS.UNAVAILABLE,
  HOST_IN_USE: SYSEXITS.FAILURE,
};

export class CliError extends TbvnodeError {
  declare readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { cause: options?.cause, exitStatus: EXIT_STATUS[code] });
  }
}
