// The backend's own failures, on core's error base (stable code, cause, brand).
import { SYSEXITS, TbvnodeError } from '@tbvnode/core';

export type LinuxBackendErrorCode =
  | 'LINUX_BAD_VNODE_ID'
  | 'LINUX_BAD_OPTION'
  | 'LINUX_BAD_CONFIG'
  | 'LINUX_TOO_MANY_INTERFACES'
  | 'LINUX_START_FAILED'
  | 'LINUX_BRIDGE_IN_USE'
  | 'LINUX_FILTER_IN_USE'
  | 'LINUX_NO_PORT_FILTER'
  | 'LINUX_STILL_MOUNTED'
  | 'LINUX_STOP_TIMEOUT'
  | 'LINUX_HOST_NOT_PREPARED';

export class LinuxBackendError extends TbvnodeError {
  declare readonly code: LinuxBackendErrorCode;
  constructor(code: LinuxBackendErrorCode, message: string, options?: { cause?: unknown }) {
    // A backend option the operator set (TBVNODE_BACKEND_OPTIONS) is unknown or out of range.
    const exitStatus = code === 'LINUX_BAD_OPTION' ? SYSEXITS.USAGE : SYSEXITS.FAILURE;
    super(code, message, { cause: options?.cause, exitStatus });
  }
}
