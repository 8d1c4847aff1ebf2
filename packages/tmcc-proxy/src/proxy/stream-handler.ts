// One unix or tcp client connection: frame the request, serve it, close.
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { frameState } from '../request/framing.js';
import { serveRequest, type Outcome, type ReplySink, type RequestSummary, type ServeContext, type SinkState, type Transport } from './serve-request.js';

export function handleStream(
  ctx: ServeContext,
  socket: Socket,
  transport: Exclude<Transport, 'udp'>,
  report: (s: RequestSummary) => void,
): void {
  const { opts, log } = ctx;
  const started = performance.now();
  const chunks: Buffer[] = [];
  let received = 0;
  let phase: 'reading' | 'serving' | 'closing' = 'reading';
  let stopUpstream: (() => void) | null = null;
  let clientLeft = false;
  let idleTimer: NodeJS.Timeout | undefined;
  // One timer for the whole life of the connection: first the read deadline,
  // then (after the reply) a bound on how long an unread reply may linger.
  let lifeTimer: NodeJS.Timeout | undefined = setTimeout(() => finishEarly('read-timeout'), opts.readDeadlineMs);

  const elapsed = (): number => Math.round((performance.now() - started) * 1000) / 1000;
  const clearTimers = (): void => {
    clearTimeout(idleTimer);
    clearTimeout(lifeTimer);
    idleTimer = lifeTimer = undefined;
  };

  // Close without a reply. On tcp a reset tells the client this was a failure,
  // not an empty answer; a unix socket has no reset, so it sees plain EOF.
  const abandon = (): void => {
    if (socket.destroyed) return;
    if (transport === 'tcp' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  };

  // Until the request is complete this connection can be pushed out by newer ones.
  const leaveReaders = ctx.readers.admit(() => finishEarly('evicted'));

  function finishEarly(outcome: Outcome): void {
    if (phase !== 'reading') return;
    phase = 'closing';
    leaveReaders();
    clearTimers();
    abandon();
    report({ transport, command: null, reqBytes: received, replyBytes: 0, durationMs: elapsed(), outcome, spoofs: 0 });
  }

  function begin(): void {
    if (phase !== 'reading') return;
    phase = 'serving';
    leaveReaders();
    clearTimers();
    const request = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, received);
    const out = ctx.budget.open(socket);
    socket.once('close', () => out.close());
    const sink: ReplySink = {
      onGone(stop: () => void): void {
        stopUpstream = stop;
      },
      write(chunk: Buffer): SinkState {
        if (clientLeft || socket.destroyed || !socket.writable) return 'gone';
        return out.write(chunk) ? 'more' : 'full';
      },
      whenWritable(resume: () => void): void {
        out.whenWritable(resume);
      },
    };
    serveRequest(ctx, request, transport, sink)
      .then((result) => {
        phase = 'closing';
        if (result.outcome === 'ok') {
          socket.end();
          lifeTimer = setTimeout(() => socket.destroy(), opts.requestDeadlineMs);
        } else {
          abandon();
        }
        report({ ...result, transport, reqBytes: received, durationMs: elapsed() });
      })
      .catch((err: unknown) => {
        // serveRequest handles its own failures; this guards against bugs
        // (or a throwing 'request' listener) so the connection still ends.
        log.error({ err }, 'request handler failed');
        abandon();
        if (phase === 'serving') {
          phase = 'closing';
          report({ transport, command: null, reqBytes: received, replyBytes: 0, durationMs: elapsed(), outcome: 'upstream-error', spoofs: 0, errCode: 'PROXY_INTERNAL' });
        }
      });
  }

  socket.on('data', (chunk: Buffer) => {
    if (phase !== 'reading') return; // bytes after the request are ignored
    chunks.push(chunk);
    received += chunk.length;
    const state = frameState(received, chunk[chunk.length - 1], false);
    if (state === 'too-large') return finishEarly('too-large');
    if (state === 'complete') return begin();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(begin, opts.idleWindowMs);
  });
  socket.on('end', () => {
    if (phase !== 'reading') return;
    if (received === 0) finishEarly('client-gone');
    else begin();
  });
  // Only a client leaving mid-service matters upstream; a plain close after
  // the reply must not pay for an abort.
  const leave = (): void => {
    if (phase !== 'serving' || clientLeft) return;
    clientLeft = true;
    stopUpstream?.();
  };
  socket.on('error', (err: NodeJS.ErrnoException) => {
    leave();
    log.debug({ transport, errCode: err.code }, 'client socket error');
  });
  socket.on('close', () => {
    leave();
    if (phase === 'reading') finishEarly('client-gone');
    clearTimers();
  });
}
