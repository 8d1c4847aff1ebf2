// The proxy's lean path to boss over plain TCP: connect, write the request in
// one write and half-close, stream the reply, close. Same rules as tmcc's
// sendRequest (ports in order, the next one only on ECONNREFUSED, rounds while
// every port refuses, REDIRECT followed up to a limit, the same notices), but
// one promise and plain callbacks per request instead of per-step promises,
// two AbortSignals and keepalive: per request the proxy pays little beyond
// the kernel's connect and close.
import { connect, type Socket } from 'node:net';
import { classifyReplyHead, REFUSED_NOTICE, TmccError, type NoticeKind } from '@tbvnode/tmcc';
import { afterConnectError, afterRedirect, type LeanTarget } from './plan.js';

export interface StopSource {
  // Calls `cancel` once the request is stopped (at once if it already is).
  onStop(cancel: () => void): void;
}

export interface ForwardOptions {
  retryDelayMs: number;
  maxRedirects: number;
  stop: StopSource;
  // Each reply chunk in order. 'pause': the client is not draining, so stop
  // reading boss until whenWritable calls back; 'stop': the client is gone.
  onData(chunk: Buffer): 'more' | 'pause' | 'stop';
  whenWritable(resume: () => void): void;
  onNotice(line: string, kind: NoticeKind): void;
}

// Resolves when the reply has ended; rejects with a TmccError (the codes
// sendRequest uses) when boss cannot be reached or the request was stopped.
export function forwardTcp(request: Buffer, target: LeanTarget, o: ForwardOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let req = request;
    let host = target.host;
    let redirectsLeft = o.maxRedirects;
    let portIndex = 0;
    let sock: Socket | null = null;
    let wait: NodeJS.Timeout | undefined;
    let settled = false;

    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(wait);
      if (err === undefined) resolve();
      else reject(err);
    };

    // A throwing 'notice' listener fails this request (as it would inside
    // sendRequest) instead of escaping from a socket event.
    const notify = (line: string, kind: NoticeKind): boolean => {
      try {
        o.onNotice(line, kind);
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
      }
      return !settled;
    };

    const follow = (reply: Buffer): void => {
      const step = afterRedirect(reply, req, redirectsLeft);
      if (step.kind === 'fail') return settle(step.error);
      redirectsLeft -= 1;
      req = step.request;
      host = step.host;
      if (step.notice !== null && !notify(step.notice, 'redirect')) return;
      portIndex = 0;
      attempt();
    };

    function attempt(): void {
      const s = connect({ host, port: target.ports[portIndex] ?? 0 });
      sock = s;
      let connected = false;
      // This socket's exchange is over (reply, redirect, error); later events are noise.
      let over = false;
      // Reply bytes held back until it is clear whether they are a REDIRECT.
      let head: Buffer | null = null;
      let passing = false;

      // False once the client is gone; then reading stops (as in tmcc).
      const deliver = (chunk: Buffer): boolean => {
        let next: 'more' | 'pause' | 'stop' = 'stop';
        try {
          next = o.onData(chunk);
        } catch (err) {
          settle(new TmccError('TMCC_OUTPUT', `Writing to output stream: ${(err as Error).message}`, { cause: err }));
        }
        if (next === 'more') return true;
        if (next === 'pause') {
          // Backpressure: boss's bytes wait in the kernel, not in our heap.
          s.pause();
          o.whenWritable(() => {
            if (!settled && !over) s.resume();
          });
          return true;
        }
        over = true;
        s.destroy();
        settle();
        return false;
      };

      s.once('connect', () => {
        connected = true;
        s.end(req);
      });
      s.on('error', (err: NodeJS.ErrnoException) => {
        if (settled || over) return;
        over = true;
        if (connected) {
          return settle(new TmccError('TMCC_CONNECT', `Reading from socket: ${err.message}`, { cause: err, ...(err.code ? { errno: err.code } : {}) }));
        }
        const next = afterConnectError(err.code, portIndex, target.ports.length);
        if (next === 'next-port') {
          portIndex += 1;
          attempt();
        } else if (next === 'wait-round') {
          portIndex = 0;
          if (notify(REFUSED_NOTICE, 'refused-wait')) wait = setTimeout(attempt, o.retryDelayMs);
        } else {
          settle(new TmccError('TMCC_CONNECT', `connecting stream socket: ${err.message}`, { cause: err, ...(err.code ? { errno: err.code } : {}) }));
        }
      });
      s.on('data', (chunk: Buffer) => {
        if (settled || over) return;
        if (passing) {
          deliver(chunk);
          return;
        }
        const all = head === null ? chunk : Buffer.concat([head, chunk]);
        const kind = classifyReplyHead(all, false);
        if (kind === 'undecided') {
          head = all;
        } else if (kind === 'redirect') {
          over = true;
          s.destroy();
          follow(all);
        } else {
          passing = true;
          head = null;
          deliver(all);
        }
      });
      // EOF (or a close nobody else accounted for) ends the reply.
      const ended = (): void => {
        if (settled || over) return;
        over = true;
        if (head !== null && head.length > 0) {
          if (classifyReplyHead(head, true) === 'redirect') return follow(head);
          if (!deliver(head)) return;
        }
        settle();
      };
      s.on('end', ended);
      s.on('close', ended);
    }

    o.stop.onStop(() => {
      settle(new TmccError('TMCC_ABORTED', 'request aborted'));
      sock?.destroy();
    });
    if (!settled) attempt();
  });
}
