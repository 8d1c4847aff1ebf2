// One complete client request: rewrite, wait for a slot, forward, stream the
// reply back. Shared by the stream (unix/tcp) and datagram (udp) front ends.
import { DEFAULT_MAX_REDIRECTS } from '@tbvnode/tmcc';
import type { Logger } from 'pino';
import type { Limiter } from '../concurrency/limiter.js';
import type { ReadingGate } from './reading-gate.js';
import type { ReplyBudget } from './reply-budget.js';
import { redactRequest, rewriteRequest } from '../request/rewrite.js';
import type { LeanTarget } from '../upstream/plan.js';
import { forwardTcp } from '../upstream/tcp-forward.js';
import type { ResolvedOptions } from './options.js';
import { RequestStop } from './request-stop.js';
import { udpTargetFor, type SendFn } from './upstream.js';

export type Transport = 'unix' | 'tcp' | 'udp';

export type Outcome =
  | 'ok' // reply forwarded (possibly empty)
  | 'no-command' // nothing but header tokens; not forwarded
  | 'too-large' // more than 16383 bytes
  | 'read-timeout' // the client did not finish its request in time
  | 'busy' // queue full
  | 'evicted' // still sending its request when newer connections needed the room
  | 'deadline' // request deadline passed (boss slow, refusing or unreachable)
  | 'upstream-error' // tmcc gave up (connect error, protocol, redirect limit)
  | 'client-gone' // the client left before the reply was done
  | 'client-slow' // the client stopped reading and boss's reply could not be paused
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
  // Plain TCP to boss goes the lean way (upstream/tcp-forward.ts); null: every
  // request goes through `send`.
  lean: LeanTarget | null;
  limiter: Limiter;
  budget: ReplyBudget;
  readers: ReadingGate;
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

// more: keep sending; full: the client is not draining (stop reading boss until
// whenWritable); gone: the client left, abort the upstream request.
export type SinkState = 'more' | 'full' | 'gone';

export interface ReplySink {
  write(chunk: Buffer): SinkState;
  // Calls `resume` once the sink can take more after a 'full'.
  whenWritable(resume: () => void): void;
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
  const udp = rw.useUdp || transport === 'udp';
  const lean = udp ? null : ctx.lean;
  if (opts.debug) log.debug({ transport, upstream: lean ? 'lean-tcp' : 'tmcc', req: redactRequest(rw.request) }, 'REQ');

  const stop = new RequestStop();
  const onShutdown = (): void => stop.stop('stopped');
  const timer = setTimeout(() => stop.stop('deadline'), opts.requestDeadlineMs);
  sink.onGone(() => stop.stop('client-gone'));
  ctx.shutdown.stoppers.add(onShutdown);
  if (ctx.shutdown.stopped) onShutdown();
  const cleanup = (): void => {
    clearTimeout(timer);
    ctx.shutdown.stoppers.delete(onShutdown);
  };

  let replyBytes = 0;
  const release = ctx.limiter.tryAcquire() ?? (await ctx.limiter.acquire(stop.signal()));
  if (release === null) {
    cleanup();
    return { ...base, replyBytes, outcome: stop.cause ?? 'busy' };
  }
  // The lean path can pause boss's socket; the tmcc library cannot, so there a
  // client that stops draining past its cap has its request cut instead.
  const onData = (chunk: Buffer, canPause: boolean): 'more' | 'pause' | 'stop' => {
    replyBytes += chunk.length;
    const state = sink.write(chunk);
    if (state === 'more') return 'more';
    if (state === 'full' && canPause) return 'pause';
    stop.stop(state === 'full' ? 'client-slow' : 'client-gone');
    return 'stop';
  };
  const onNotice = (line: string, kind: string): void => {
    log.debug({ transport, kind, notice: redactNotice(line) }, 'upstream notice');
    ctx.onNotice?.({ transport, kind, line });
  };
  try {
    if (lean !== null) {
      await forwardTcp(rw.request, lean, {
        retryDelayMs: opts.retryRefusedDelayMs,
        maxRedirects: DEFAULT_MAX_REDIRECTS,
        stop,
        onData: (chunk) => onData(chunk, true),
        whenWritable: (resume) => sink.whenWritable(resume),
        onNotice,
      });
    } else {
      await ctx.send(rw.request, udp ? udpTargetFor(opts.upstream) : opts.upstream, {
        signal: stop.signal(),
        retryRefused: true,
        collectReply: false, // streamed to the client instead
        retryDelayMs: opts.retryRefusedDelayMs,
        ...(opts.noProgressMs > 0 ? { timeoutMs: opts.noProgressMs } : {}),
        onData: (chunk: Buffer) => void onData(chunk, false),
        onNotice,
      });
    }
    if (opts.debug) log.debug({ transport, replyBytes }, 'REP');
    return { ...base, replyBytes, outcome: stop.cause ?? 'ok' };
  } catch (err) {
    if (stop.cause !== null) return { ...base, replyBytes, outcome: stop.cause };
    return { ...base, replyBytes, outcome: 'upstream-error', errCode: errorCode(err) };
  } finally {
    cleanup();
    release();
  }
}

// A redirect notice carries the whole request: never log the key in it.
function redactNotice(line: string): string {
  return line.includes('PRIVKEY=') ? redactRequest(Buffer.from(line, 'latin1')) : line;
}
