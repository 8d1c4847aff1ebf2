// One error type for the simulator, with a stable code so callers branch on
// `code`, not on message text; on the house's one error base (one brand).
import { TbvnodeError, isTbvnodeError } from '@tbvnode/tmcc';

export type BossErrorCode =
  | 'BOSS_FIXTURE_NOT_FOUND'
  | 'BOSS_FIXTURE_INVALID'
  | 'BOSS_LISTEN'
  | 'BOSS_STATE_TIMEOUT'
  | 'BOSS_REQUEST_TIMEOUT'
  | 'BOSS_STOPPED'
  | 'BOSS_USAGE';

export class BossError extends TbvnodeError {
  declare readonly code: BossErrorCode;

  constructor(code: BossErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'BossError';
  }
}

// The simulator's codes all start BOSS_, so the house brand plus the prefix is enough.
export function isBossError(value: unknown): value is BossError {
  return isTbvnodeError(value) && value.code.startsWith('BOSS_');
}
