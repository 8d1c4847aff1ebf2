// One error type for the whole package: a stable `code` for programs, Emulab's
// wording in `message` for operators, and a brand that survives two installed copies.

const brand = Symbol.for('@tbvnode/tmcc/TmccError');

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

export class TmccError extends Error {
  readonly code: TmccErrorCode;
  readonly errno: string | undefined;
  readonly [brand] = true;

  constructor(code: TmccErrorCode, message: string, opts: TmccErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TmccError';
    this.code = code;
    this.errno = opts.errno;
  }
}

// Works across copies of this package, unlike instanceof.
export function isTmccError(x: unknown): x is TmccError {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}
