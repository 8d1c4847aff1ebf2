// One error type for the proxy so callers (the manager, the bin) can map a
// stable code to an action or exit status without parsing messages. On the
// house's one error base, so the CLI's exit map knows it.
import { SYSEXITS, TbvnodeError, isTbvnodeError, type ExitStatus } from '@tbvnode/tmcc';

export type ProxyErrorCode =
  | 'PROXY_USAGE' // bad option or option combination
  | 'PROXY_PATH_TOO_LONG' // unix socket path does not fit sun_path
  | 'PROXY_PATH_EXISTS' // the socket path exists and is not a socket
  | 'PROXY_ADDRESS_IN_USE' // another live server answers on the path or port
  | 'PROXY_LISTEN' // bind/listen/chmod failed
  | 'PROXY_STATE'; // start/stop called in the wrong state

// sysexits(3): the operator's input, a socket that cannot be made, someone else
// still on it (try again), or a bug in the caller.
const EXIT_STATUS: Readonly<Record<ProxyErrorCode, ExitStatus>> = {
  PROXY_USAGE: SYSEXITS.USAGE,
  PROXY_PATH_TOO_LONG: SYSEXITS.USAGE,
  PROXY_PATH_EXISTS: SYSEXITS.CANTCREAT,
  PROXY_ADDRESS_IN_USE: SYSEXITS.TEMPFAIL,
  PROXY_LISTEN: SYSEXITS.CANTCREAT,
  PROXY_STATE: SYSEXITS.SOFTWARE,
};

export class ProxyError extends TbvnodeError {
  declare readonly code: ProxyErrorCode;

  constructor(code: ProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { cause: options?.cause, exitStatus: EXIT_STATUS[code] });
    this.name = 'ProxyError';
  }
}

// The package's codes all start PROXY_, so the house brand plus the prefix is enough.
export function isProxyError(x: unknown): x is ProxyError {
  return isTbvnodeError(x) && x.code.startsWith('PROXY_');
}
