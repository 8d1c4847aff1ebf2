// Emulab's TLS flow: after connecting, send the ISPEAKSSL marker in plain text,
// then handshake with mutual auth, then insist that the server certificate's CN
// resolves to the very address we connected to (Emulab does no SAN matching).
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { TLS_MARKER } from '../constants.js';
import { TmccError } from '../errors.js';
import { settleOrAbort } from './abortable.js';
import { lookupIPv4 } from './lookup.js';
import type { TlsFiles } from './types.js';

function handshake(raw: Socket, files: TlsFiles, signal: AbortSignal, tls: typeof import('node:tls')): Promise<TLSSocket> {
  let sock: TLSSocket | undefined;
  return settleOrAbort<TLSSocket>(
    signal,
    () => sock?.destroy(),
    (resolve, reject) => {
      raw.write(TLS_MARKER);
      const s = tls.connect({
        socket: raw,
        cert: files.cert,
        key: files.key,
        ca: files.ca,
        rejectUnauthorized: true,
        // The CN->IP rule below replaces hostname matching.
        checkServerIdentity: () => undefined,
      });
      sock = s;
      const onError = (err: Error): void => {
        s.destroy();
        reject(new TmccError('TMCC_TLS', `SSL connect failed: ${err.message}`, { cause: err }));
      };
      s.once('error', onError);
      s.once('secureConnect', () => {
        s.removeListener('error', onError);
        resolve(s);
      });
    },
  );
}

function commonName(sock: TLSSocket): string | undefined {
  const cn: unknown = sock.getPeerCertificate().subject?.CN;
  if (Array.isArray(cn)) return typeof cn[0] === 'string' ? cn[0] : undefined;
  return typeof cn === 'string' ? cn : undefined;
}

export async function upgradeTls(raw: Socket, files: TlsFiles, signal: AbortSignal): Promise<TLSSocket> {
  // Loaded only when TLS is in use, to keep the common (plain) start-up fast.
  const tls = await import('node:tls');
  const sock = await handshake(raw, files, signal, tls);
  if (files.verifyCommonName === false) return sock;
  const remote = raw.remoteAddress ?? '';
  const cn = commonName(sock);
  let mapped: string;
  try {
    if (cn === undefined) throw new Error('certificate has no CN');
    mapped = await (files.lookup ?? lookupIPv4)(cn);
  } catch (err) {
    sock.destroy();
    throw new TmccError('TMCC_TLS', `Could not map ${cn ?? '(no CN)'}: ${(err as Error).message}`, { cause: err });
  }
  if (mapped !== remote.replace(/^::ffff:/, '')) {
    sock.destroy();
    throw new TmccError('TMCC_TLS', `Certificate mismatch: ${cn ?? ''} mapped to ${mapped} instead of ${remote}`);
  }
  return sock;
}
