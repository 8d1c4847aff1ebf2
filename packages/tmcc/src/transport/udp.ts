// Emulab's UDP mode: one datagram to the first port, the first datagram back (from
// any source port) is the whole reply. No retry; an empty reply sends nothing, so
// without a timeout this waits until cancelled, exactly like the C client.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { TmccError } from '../errors.js';
import { settleOrAbort } from './abortable.js';
import { errnoOf, strerror } from './strerror.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

export function exchangeUdp(
  host: string,
  port: number,
  request: Buffer,
  o: { signal: AbortSignal; onSent(): void; onReply(msg: Buffer): void },
): Promise<void> {
  let sock: Socket | undefined;
  const close = (): void => {
    ignoreFailure(() => void sock?.close(), undefined, 'already closed: nothing left to release');
  };
  return settleOrAbort<void>(o.signal, close, (resolve, reject) => {
    const s = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    sock = s;
    s.once('error', (err) => {
      close();
      reject(new TmccError('TMCC_CONNECT', `Reading from socket: ${strerror(err)}`, { cause: err, errno: errnoOf(err) }));
    });
    s.once('message', (msg) => {
      close();
      o.onReply(msg);
      resolve();
    });
    s.send(request, port, host, (err) => {
      if (err) {
        close();
        reject(new TmccError('TMCC_CONNECT', `Writing to socket: ${strerror(err)}`, { cause: err, errno: errnoOf(err) }));
        return;
      }
      o.onSent();
    });
  });
}
