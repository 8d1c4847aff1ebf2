// What can go wrong between vnodesetup and a manager; the CLI maps the codes.
import { TbvnodeError } from '../errors/tbvnode-error.js';

export type VnodesetupErrorCode = 'NO_MANAGER' | 'MANAGER_STUCK' | 'SIGNAL_FAILED';

export class VnodesetupError extends TbvnodeError {
  declare readonly code: VnodesetupErrorCode;
  readonly vnodeId: string;
  constructor(code: VnodesetupErrorCode, vnodeId: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.vnodeId = vnodeId;
  }
}
