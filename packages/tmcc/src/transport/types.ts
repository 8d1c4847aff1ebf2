// Where a request goes and how it is sent; shared by every transport.
import type { LookupFunction } from './lookup.js';

/** Contents of Emulab's client.pem (cert and key in one file) and emulab.pem (the CA). */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
  /** Emulab checks that the server cert's CN resolves to the address connected to; default true. */
  verifyCommonName?: boolean;
  /** Resolves the CN for that check (default: dns.lookup, IPv4). Injected by tests. */
  lookup?: LookupFunction;
}

export type Target =
  | { kind: 'tcp'; host: string; ports: readonly number[]; tls?: TlsFiles | null }
  | { kind: 'udp'; host: string; port: number }
  | { kind: 'unix'; path: string };

export type NoticeKind = 'redirect' | 'refused-wait';

export interface SendOptions {
  /** Emulab -t: fail when no reply bytes arrived for this long; 0/undefined = never. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Retry forever while every port (or the unix socket) refuses, as Emulab does. Default false. */
  retryRefused?: boolean;
  /** Pause between refused rounds; default 10 s for TCP, 1 s for unix sockets. */
  retryDelayMs?: number;
  /** REDIRECTs followed before TMCC_REDIRECT_LIMIT; default 4. */
  maxRedirects?: number;
  /** Called with each reply chunk as it arrives. */
  onData?(chunk: Buffer): void;
  /** Messages Emulab prints to stderr (redirects always, refused waits only with -d). */
  onNotice?(line: string, kind: NoticeKind): void;
  /** Keep the reply in memory and resolve with it; default true. Streamers pass false. */
  collectReply?: boolean;
  /** Fail with TMCC_TOO_LARGE past this many reply bytes; default 4 MiB when collecting, else none. */
  maxReplyBytes?: number;
}
