// One base class for every error core raises: a stable `code` the CLI maps to an
// exit status, the underlying `cause`, and a symbol brand so `isTbvnodeError` works
// even when two copies of @tbvnode/core are installed (instanceof would not).
const BRAND = Symbol.for('@tbvnode/core/error');

export class TbvnodeError extends Error {
  readonly code: string;
  readonly [BRAND] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

// Brand check instead of instanceof: survives duplicate installs and bundling.
export function isTbvnodeError(value: unknown): value is TbvnodeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

// Short, loggable summary of any thrown value (journal entries store this).
export function summarizeError(err: unknown): { code: string; message: string } {
  if (isTbvnodeError(err)) return { code: err.code, message: err.message };
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { code: typeof code === 'string' ? code : 'ERROR', message: err.message };
  }
  return { code: 'ERROR', message: String(err) };
}
