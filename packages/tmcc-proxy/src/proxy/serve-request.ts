// One complete client request: rewrite, wait for a slot, forward, stream the
// reply back. Shared by the stream (unix/tcp) and datagram (udp) front ends.
import type { Logger } from 'pino';
import type { Limiter } from '../concurrency/limiter.js';
import { redactRequest, rewriteRequest } from '../request/rewrite.js';
import type { ResolvedOptions } from './options.js';
import { udpTargetFor, type SendFn } from './upstream.js';

export type Transport = 'unix' | 'tcp' | 'udp';

export type Outcome =
  | 'ok' // reply forwarded (possibly empty)
  | 'no-command' // nothing but header tokens; not forwarded
  | 'too-large' // more than 16383 bytes
  | 'read-timeout' // the client did not finish its request in time
  | 'busy' // queue full
  | 'deadline' // request deadline passed (boss slow, refusing or unreachable)
  | 'upstream-error' // tmcc gave up (connect error, protocol, redirect limit)
  | 'client-gone' // the client left before the reply was done
  | 'stopped'; // the proxy was stopped

export interface RequestSummary {
  transport: Transport;
  command: string | null;
  reqBytes: number;
  replyBytes: number;
  durationMs: number;
  outcome: Outcome;
  spoofs: number;
  errCode?: string;
}

export interface ServeContext {
  opts: ResolvedOptions;
  log: Logger;
  send: SendFn;
  limiter: Limiter;
  shutdown: ShutdownHub;
  // Upstream notices (REDIRECT followed, boss refusing and being retried).
  onNotice?(n: UpstreamNotice): void;
}

export interface UpstreamNotice {
  transport: Transport;
  kind: string;
  line: string;
}

// How stop() reaches requests in flight: plain callbacks, cheaper per request
// than an AbortSignal listener.
export interface ShutdownHub {
  stopped: boolean;
  readonly stoppers: Set<() => void>;
}

export interface ReplySink {
  // Returns false once the client is gone; the upstream request is then aborted.
  write(chunk: Buffer): boolean;
  // Registers the callback the front end calls if the client leaves mid-request.
  onGone(stop: () => void): void;
}

export type ServeResult = Omit<RequestSummary, 'transport' | 'reqBytes' | 'durationMs'>;

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export async function serveRequest(
  ctx: ServeContext,
  raw: Buffer,
  transport: Transport,
  sink: ReplySink,
): Promise<ServeResult> {
  const { opts, log } = ctx;
  const upstreamUdpCapable = opts.upstream.kind !== 'unix';
  const rw = rewriteRequest(raw, { vnodeId: opts.vnodeId, privKey: opts.privKey }, { keepUseUdp: !upstreamUdpCapable });
  if (rw.spoofs.length > 0) {
    log.warn({ transport, spoofs: rw.spoofs, claimed: rw.claimedVnodes }, 'client tried to set its identity; tokens dropped');
  }
  const base = { command: rw.command, spoofs: rw.spoofs.length };
  if (rw.request === null) return { ...base, replyBytes: 0, outcome: 'no-command' };
  if (opts.debug) log.debug({ transport, req: redactRequest(rw.request) }, 'REQ');

  // One controller per request; the first cause to fire is remembered.
  // (Cheaper than AbortSignal.any on this hot path.)
  const stopper = new AbortController();
  let cause: 'deadline' | 'client-gone' | 'stopped' | null = null;
  const stopFor = (why: 'deadline' | 'client-gone' | 'stopped'): void => {
    if (cause !== null) return;
    cause = why;
    stopper.abort(new Error(`request ${why}`));
  };
  const onShutdown = (): void => stopFor('stopped');
  const timer = setTimeout(() => stopFor('deadline'), opts.requestDeadlineMs);
  sink.onGone(() => stopFor('client-gone'));
  ctx.shutdown.stoppers.add(onShutdown);
  if (ctx.shutdown.stopped) onShutdown();
  const cleanup = (): void => {
    clearTimeout(timer);
    ctx.shutdown.stoppers.delete(onShutdown);
  };

  let replyBytes = 0;
  const release = ctx.limiter.tryAcquire() ?? (await ctx.limiter.acquire(stopper.signal));
  if (release === null) {
    cleanup();
    return { ...base, replyBytes, outcome: cause ?? 'busy' };
  }
  try {
    const target = rw.useUdp || transport === 'udp' ? udpTargetFor(opts.upstream) : opts.upstream;
    await ctx.send(rw.request, target, {
      signal: stopper.signal,
      retryRefused: true,
      collectReply: false, // streamed to the client instead
      retryDelayMs: opts.retryRefusedDelayMs,
      ...(opts.noProgressMs > 0 ? { timeoutMs: opts.noProgressMs } : {}),
      onData(chunk) {
        replyBytes += chunk.length;
        if (!sink.write(chunk)) stopFor('client-gone');
      },
      onNotice(line, kind) {
        log.debug({ transport, kind, notice: line }, 'upstream notice');
        ctx.onNotice?.({ transport, kind, line });
      },
    });
    if (opts.debug) log.debug({ transport, replyBytes }, 'REP');
    return { ...base, replyBytes, outcome: cause ?? 'ok' };
  } catch (err) {
    if (cause !== null) return { ...base, replyBytes, outcome: cause };
    return { ...base, replyBytes, outcome: 'upstream-error', errCode: errorCode(err) };
  } finally {
    cleanup();
    release();
  }
}
