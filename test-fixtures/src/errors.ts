// One error type for the simulator, with a stable code so callers branch on
// `code`, not on message text; the symbol brand survives two installed copies.
const BRAND = Symbol.for('tbvnode.test-fixtures.BossError');

export type BossErrorCode =
  | 'BOSS_FIXTURE_NOT_FOUND'
  | 'BOSS_FIXTURE_INVALID'
  | 'BOSS_LISTEN'
  | 'BOSS_STATE_TIMEOUT'
  | 'BOSS_REQUEST_TIMEOUT'
  | 'BOSS_STOPPED'
  | 'BOSS_USAGE';

export class BossError extends Error {
  readonly code: BossErrorCode;
  readonly [BRAND] = true;

  constructor(code: BossErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BossError';
    this.code = code;
  }
}

// Brand check instead of instanceof, like execa's isExecaError.
export function isBossError(value: unknown): value is BossError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}
