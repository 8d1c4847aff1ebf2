// createProxy's options and their defaults, resolved once so the handlers
// never look at an undefined setting.
import type { Logger } from 'pino';
import type { SendFn, UpstreamTarget } from './upstream.js';

export type ListenSpec =
  | { kind: 'unix'; path: string; mode?: number }
  | { kind: 'inet'; host?: string; port?: number };

export interface ProxyOptions {
  listen: ListenSpec;
  vnodeId: string;
  privKey?: string | undefined;
  upstream: UpstreamTarget;
  log?: Logger | undefined;
  // Requests in flight towards boss at once; more wait in a queue.
  maxConcurrent?: number | undefined;
  // Requests allowed to wait for a slot; beyond that a client is closed at once.
  maxQueued?: number | undefined;
  // Whole budget per request, from complete request to last reply byte
  // (including the wait for a slot and retries while boss refuses).
  requestDeadlineMs?: number | undefined;
  // From accept to a complete request.
  readDeadlineMs?: number | undefined;
  // Quiet time after which bytes not ending in a space count as complete.
  idleWindowMs?: number | undefined;
  // Upstream no-progress timeout handed to tmcc (Emulab -t); 0 = none.
  noProgressMs?: number | undefined;
  // Pause between rounds while every boss port refuses.
  retryRefusedDelayMs?: number | undefined;
  // Listen backlog; Emulab used 5, which refused concurrent clients.
  backlog?: number | undefined;
  // Reply bytes held for one client that is not reading; past it boss's
  // socket is paused (lean path) or the request is cut (tmcc library path).
  maxClientBufferBytes?: number | undefined;
  // The same, summed over every client of this proxy.
  maxBufferedBytes?: number | undefined;
  // Connections still sending their request; past it the oldest is closed,
  // so a connect flood cannot lock out a new client.
  maxReading?: number | undefined;
  // For sun_path limits; defaults to process.platform at the bin edge.
  platform?: string | undefined;
  // Log request bytes (key redacted) and reply sizes at debug.
  debug?: boolean | undefined;
  // Injected sender; defaults to @tbvnode/tmcc's sendRequest.
  send?: SendFn | undefined;
}

export interface ResolvedOptions {
  listen: ListenSpec;
  vnodeId: string;
  privKey: string | undefined;
  upstream: UpstreamTarget;
  maxConcurrent: number;
  maxQueued: number;
  requestDeadlineMs: number;
  readDeadlineMs: number;
  idleWindowMs: number;
  noProgressMs: number;
  retryRefusedDelayMs: number;
  backlog: number;
  maxClientBufferBytes: number;
  maxBufferedBytes: number;
  maxReading: number;
  platform: string;
  debug: boolean;
}

export const DEFAULTS = {
  maxConcurrent: 32,
  maxQueued: 1024,
  requestDeadlineMs: 30_000,
  readDeadlineMs: 3_000,
  idleWindowMs: 50,
  noProgressMs: 0,
  retryRefusedDelayMs: 1_000,
  backlog: 511,
  maxClientBufferBytes: 256 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxReading: 256,
  unixMode: 0o777,
  inetHost: '127.0.0.1',
  inetPort: 7778,
} as const;

// Emulab's vnode id rule; anything else never reaches the wire.
const VNODE_ID = /^[-\w]+$/;

function positive(name: string, v: number | undefined, dflt: number, allowZero = false): number {
  const x = v ?? dflt;
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) throw new RangeError(`${name} must be ${allowZero ? 'non-negative' : 'positive'}, got ${x}`);
  return x;
}

// Throws RangeError on nonsense; the caller wraps it in a ProxyError.
export function resolveOptions(o: ProxyOptions, platform: string): ResolvedOptions {
  if (!VNODE_ID.test(o.vnodeId)) throw new RangeError(`vnode id must match ${String(VNODE_ID)}, got ${JSON.stringify(o.vnodeId)}`);
  if (o.privKey !== undefined && /[\s]/.test(o.privKey)) throw new RangeError('private key must not contain white space');
  return {
    listen: o.listen,
    vnodeId: o.vnodeId,
    privKey: o.privKey === '' ? undefined : o.privKey,
    upstream: o.upstream,
    maxConcurrent: positive('maxConcurrent', o.maxConcurrent, DEFAULTS.maxConcurrent),
    maxQueued: positive('maxQueued', o.maxQueued, DEFAULTS.maxQueued, true),
    requestDeadlineMs: positive('requestDeadlineMs', o.requestDeadlineMs, DEFAULTS.requestDeadlineMs),
    readDeadlineMs: positive('readDeadlineMs', o.readDeadlineMs, DEFAULTS.readDeadlineMs),
    idleWindowMs: positive('idleWindowMs', o.idleWindowMs, DEFAULTS.idleWindowMs),
    noProgressMs: positive('noProgressMs', o.noProgressMs, DEFAULTS.noProgressMs, true),
    retryRefusedDelayMs: positive('retryRefusedDelayMs', o.retryRefusedDelayMs, DEFAULTS.retryRefusedDelayMs),
    backlog: positive('backlog', o.backlog, DEFAULTS.backlog),
    maxClientBufferBytes: positive('maxClientBufferBytes', o.maxClientBufferBytes, DEFAULTS.maxClientBufferBytes),
    maxBufferedBytes: positive('maxBufferedBytes', o.maxBufferedBytes, DEFAULTS.maxBufferedBytes),
    maxReading: positive('maxReading', o.maxReading, DEFAULTS.maxReading),
    platform: o.platform ?? platform,
    debug: o.debug ?? false,
  };
}
