// The proxy's view of the tmcc library: where requests go and how they are sent.
// Kept to the CONTRACTS.md shapes so tmcc's own types drop in.

export interface TlsFilesLike {
  readonly [key: string]: unknown;
}

export type UpstreamTarget =
  | { kind: 'tcp'; host: string; ports: readonly number[]; tls?: TlsFilesLike | null }
  | { kind: 'udp'; host: string; port: number }
  | { kind: 'unix'; path: string };

export interface UpstreamSendOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  retryRefused?: boolean;
  retryDelayMs?: number;
  onData?(chunk: Buffer): void;
  onNotice?(line: string): void;
}

export type SendFn = (request: Buffer, target: UpstreamTarget, opts?: UpstreamSendOptions) => Promise<Buffer>;

// Where a USEUDP=1 request goes: UDP to boss's first port. Another proxy on a
// unix socket cannot be reached by UDP, so it gets the token passed on instead.
export function udpTargetFor(upstream: UpstreamTarget): UpstreamTarget {
  if (upstream.kind === 'tcp') {
    const port = upstream.ports[0];
    if (port === undefined) return upstream;
    return { kind: 'udp', host: upstream.host, port };
  }
  return upstream;
}
