// Sends one request over a connected stream and reads the reply to EOF, passing
// chunks on as they arrive. The request goes in a single write because tmcd
// performs exactly one read.
import type { Duplex } from 'node:stream';
import { TmccError } from '../errors.js';
import { settleOrAbort } from './abortable.js';
import { errnoOf, strerror } from './strerror.js';

export interface ExchangeOptions {
  signal: AbortSignal;
  /** Send FIN after the request (plain TCP and unix); TLS instead closes after the reply. */
  halfClose: boolean;
  /** Return false to stop reading (the socket is then destroyed). */
  onChunk(chunk: Buffer): boolean;
}

export function exchangeStream(sock: Duplex, request: Buffer, o: ExchangeOptions): Promise<void> {
  return settleOrAbort<void>(
    o.signal,
    () => sock.destroy(),
    (resolve, reject) => {
      let done = false;
      const finish = (err?: unknown): void => {
        if (done) return;
        done = true;
        if (err === undefined) resolve();
        else reject(err);
      };
      sock.on('data', (chunk: Buffer) => {
        if (done) return;
        if (!o.onChunk(chunk)) {
          sock.destroy();
          finish();
        }
      });
      sock.once('end', () => {
        // Closing our side after EOF sends TLS close_notify, as Emulab's client does;
        // after a half-close our side is already ended (a second end() only builds an error).
        if (!sock.writableEnded) sock.end();
        finish();
      });
      sock.once('error', (err) => {
        sock.destroy();
        finish(new TmccError('TMCC_CONNECT', `Reading from socket: ${strerror(err)}`, { cause: err, errno: errnoOf(err) }));
      });
      sock.once('close', () => finish());
      if (o.halfClose) sock.end(request);
      else sock.write(request);
    },
  );
}
