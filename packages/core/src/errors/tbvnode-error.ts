// The house's one error base (code, exit status, brand) lives in tmcc, the bottom
// of the dependency graph, so tmcc's and the proxy's errors share it; core
// re-exports it for everything above.
import { isTbvnodeError } from '@tbvnode/tmcc';

export { TbvnodeError, isTbvnodeError, SYSEXITS, type ExitStatus, type TbvnodeErrorOptions } from '@tbvnode/tmcc';

// Short, loggable summary of any thrown value (journal entries store this).
export function summarizeError(err: unknown): { code: string; message: string } {
  if (isTbvnodeError(err)) return { code: err.code, message: err.message };
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { code: typeof code === 'string' ? code : 'ERROR', message: err.message };
  }
  return { code: 'ERROR', message: String(err) };
}
