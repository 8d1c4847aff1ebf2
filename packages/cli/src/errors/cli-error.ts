// Errors the CLI itself raises; they share core's base class so one table maps
// every code to an exit status.
import { TbvnodeError } from '@tbvnode/core';

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

export class CliError extends TbvnodeError {
  declare readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
