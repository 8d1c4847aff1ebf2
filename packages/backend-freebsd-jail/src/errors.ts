// The backend's own failures, on core's error base (stable code, cause, brand).
import { SYSEXITS, TbvnodeError } from '@tbvnode/core';

export type FreebsdErrorCode =
  | 'FBSD_BAD_OPTION'
  | 'FBSD_REFUSED'
  | 'FBSD_BAD_OUTPUT'
  | 'FBSD_SOCKET_PATH_TOO_LONG'
  | 'FBSD_NOT_OURS'
  | 'FBSD_START_FAILED'
  | 'FBSD_COPY_FAILED'
  | 'FBSD_STILL_THERE'
  | 'FBSD_NO_REPORT';

export class FreebsdJailError extends TbvnodeError {
  declare readonly code: FreebsdErrorCode;
  constructor(code: FreebsdErrorCode, message: string, options?: { cause?: unknown }) {
    // A backend option the operator set (TBVNODE_BACKEND_OPTIONS) is unknown or out of range.
    const exitStatus = code === 'FBSD_BAD_OPTION' ? SYSEXITS.USAGE : SYSEXITS.FAILURE;
    super(code, message, { cause: options?.cause, exitStatus });
  }
}
