// One error type for the proxy so callers (the manager, the bin) can map a
// stable code to an action or exit status without parsing messages.

export type ProxyErrorCode =
  | 'PROXY_USAGE' // bad option or option combination
  | 'PROXY_PATH_TOO_LONG' // unix socket path does not fit sun_path
  | 'PROXY_PATH_EXISTS' // the socket path exists and is not a socket
  | 'PROXY_ADDRESS_IN_USE' // another live server answers on the path or port
  | 'PROXY_LISTEN' // bind/listen/chmod failed
  | 'PROXY_STATE'; // start/stop called in the wrong state

const brand = Symbol.for('tbvnode.ProxyError');

export class ProxyError extends Error {
  readonly code: ProxyErrorCode;
  readonly [brand] = true;

  constructor(code: ProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProxyError';
    this.code = code;
  }
}

// A brand instead of instanceof, so the check holds across two installed copies.
export function isProxyError(x: unknown): x is ProxyError {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}
