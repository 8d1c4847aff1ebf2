// One error type for the whole package: a stable `code` for programs, Emulab's
// wording in `message` for operators, on the house's one error base (its brand
// survives two installed copies).
import { SYSEXITS, TbvnodeError, isTbvnodeError, type ExitStatus } from './shared/error-base.js';

export type TmccErrorCode =
  | 'TMCC_USAGE' // bad flags, word count, numeric option (exit 1)
  | 'TMCC_RESOLVE' // boss name did not resolve (exit 1)
  | 'TMCC_KEYFILE' // -k file unreadable (exit 1)
  | 'TMCC_CONFIG' // bad local configuration: proxypath, BOSSNAME port (exit 1)
  | 'TMCC_REFUSED' // every port/socket refused and retrying was off
  | 'TMCC_CONNECT' // any other connect/read/write failure
  | 'TMCC_TIMEOUT' // -t: no progress within the window
  | 'TMCC_REDIRECT_LIMIT' // more REDIRECTs than allowed
  | 'TMCC_PROTOCOL' // a reply that breaks the protocol (bad REDIRECT, empty fullconfig)
  | 'TMCC_ABORTED' // the caller's AbortSignal fired
  | 'TMCC_TLS' // TLS setup, handshake or certificate check failed
  | 'TMCC_TOO_LARGE' // request over 16383 bytes or reply over maxReplyBytes
  | 'TMCC_DATAFILE' // -f file unreadable or empty
  | 'TMCC_OUTPUT' // writing the reply out failed (onData threw, stdout closed)
  | 'TMCC_PARSE'; // a reply a parser cannot make sense of

export interface TmccErrorOptions {
  cause?: unknown;
  /** errno-style code of the system error behind this one, e.g. ECONNREFUSED. */
  errno?: string;
}

// When boss cannot be reached the operator should try again later; every other
// tmcc failure is a plain failure. (The `tmcc` command itself keeps Emulab's
// statuses: cli/exit-codes.ts.)
const TEMPORARY: ReadonlySet<TmccErrorCode> = new Set(['TMCC_REFUSED', 'TMCC_TIMEOUT', 'TMCC_CONNECT', 'TMCC_RESOLVE']);

function exitStatusOf(code: TmccErrorCode): ExitStatus {
  return TEMPORARY.has(code) ? SYSEXITS.TEMPFAIL : SYSEXITS.FAILURE;
}

export class TmccError extends TbvnodeError {
  declare readonly code: TmccErrorCode;
  readonly errno: string | undefined;

  constructor(code: TmccErrorCode, message: string, opts: TmccErrorOptions = {}) {
    super(code, message, { cause: opts.cause, exitStatus: exitStatusOf(code) });
    // Named by hand: the tmcc bundle is minified, which renames classes.
    this.name = 'TmccError';
    this.errno = opts.errno;
  }
}

// The package's codes all start TMCC_, so the house brand plus the prefix is enough.
export function isTmccError(x: unknown): x is TmccError {
  return isTbvnodeError(x) && x.code.startsWith('TMCC_');
}
