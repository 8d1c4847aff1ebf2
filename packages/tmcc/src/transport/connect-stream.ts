// Opens stream sockets the way Emulab does: TCP tries each port in order and moves
// on only when refused; unix sockets retry on ENOENT/ECONNREFUSED. Whole rounds
// repeat (after a pause) only when the caller asked to retry refusals.
import { connect, type Socket } from 'node:net';
import { TmccError } from '../errors.js';
import { settleOrAbort, sleep } from './abortable.js';
import { errnoOf, strerror } from './strerror.js';
import type { NoticeKind } from './types.js';

export interface ConnectOptions {
  signal: AbortSignal;
  retryRefused: boolean;
  retryDelayMs: number;
  onNotice?(line: string, kind: NoticeKind): void;
  /** Opens one socket; injectable so tests can produce errors loopback cannot. */
  open?: (address: Address, signal: AbortSignal) => Promise<Socket>;
}

export type Address = { host: string; port: number } | { path: string };

export const REFUSED_NOTICE = 'Connection to TMCD refused. Waiting ...';

function connectOnce(opts: Address, signal: AbortSignal): Promise<Socket> {
  let sock: Socket | undefined;
  return settleOrAbort<Socket>(
    signal,
    () => sock?.destroy(),
    (resolve, reject) => {
      const s = connect(opts);
      sock = s;
      // Stays attached after connecting on purpose: a later error destroys the socket
      // (its reader reports it) instead of becoming an uncaught 'error' event.
      s.once('error', (err) => {
        s.destroy();
        reject(err);
      });
      s.once('connect', () => resolve(s));
    },
  );
}

async function retryRounds(
  attempts: readonly Address[],
  refusable: readonly string[],
  what: string,
  o: ConnectOptions,
): Promise<Socket> {
  for (;;) {
    let last: unknown;
    for (const a of attempts) {
      try {
        return await (o.open ?? connectOnce)(a, o.signal);
      } catch (err) {
        if (o.signal.aborted) throw o.signal.reason;
        const errno = errnoOf(err);
        if (errno === undefined || !refusable.includes(errno)) {
          throw new TmccError('TMCC_CONNECT', `${what}: ${strerror(err)}`, { cause: err, errno });
        }
        last = err;
      }
    }
    if (!o.retryRefused) {
      throw new TmccError('TMCC_REFUSED', `${what}: ${strerror(last)}`, { cause: last, errno: errnoOf(last) });
    }
    o.onNotice?.(REFUSED_NOTICE, 'refused-wait');
    await sleep(o.retryDelayMs, o.signal);
  }
}

export async function connectTcp(host: string, ports: readonly number[], o: ConnectOptions): Promise<Socket> {
  if (ports.length === 0) throw new TmccError('TMCC_USAGE', 'no port to connect to');
  const sock = await retryRounds(
    ports.map((port) => ({ host, port })),
    ['ECONNREFUSED'],
    'connecting stream socket',
    o,
  );
  sock.setKeepAlive(true);
  return sock;
}

// EAGAIN: the listener's backlog is full (a connect flood). Emulab's C client
// connects blocking and simply waits there; Node's connect is non-blocking, so
// waiting means another round.
export function connectUnix(path: string, o: ConnectOptions): Promise<Socket> {
  return retryRounds([{ path }], ['ENOENT', 'ECONNREFUSED', 'EAGAIN'], 'connecting unix domain socket', o);
}
