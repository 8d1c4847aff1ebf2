// The one error base of every tbvnode package. It lives here because tmcc is the
// bottom of the dependency graph (everything may import it, it imports nothing of
// ours); core re-exports it. Each error carries a stable `code`, the sysexits(3)
// status a command should end with, and one symbol brand, so `isTbvnodeError`
// holds across two installed copies and across packages (instanceof would not).

/** sysexits(3) values the commands use. */
export const SYSEXITS = {
  OK: 0,
  FAILURE: 1,
  USAGE: 64,
  DATAERR: 65,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
  CANTCREAT: 73,
  TEMPFAIL: 75,
  NOPERM: 77,
} as const;

export type ExitStatus = (typeof SYSEXITS)[keyof typeof SYSEXITS];

const BRAND = Symbol.for('@tbvnode/error');

export interface TbvnodeErrorOptions {
  cause?: unknown;
  /** How a command ends when this error reaches it; FAILURE unless the code says more. */
  exitStatus?: ExitStatus;
}

export class TbvnodeError extends Error {
  readonly code: string;
  readonly exitStatus: ExitStatus;
  readonly [BRAND] = true;

  constructor(code: string, message: string, options?: TbvnodeErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitStatus = options?.exitStatus ?? SYSEXITS.FAILURE;
  }
}

// Brand check instead of instanceof: survives duplicate installs and bundling.
export function isTbvnodeError(value: unknown): value is TbvnodeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
