// A loopback tmcd stand-in for TLS: expects the ISPEAKSSL marker in plain text,
// then a mutual-auth TLS handshake, then one request read; answers and closes.
import { once } from 'node:events';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { ignoreFailure } from '../../src/shared/ignore-failure.js';

const run = promisify(execFile);

export interface TestPki {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  /** client.pem as Emulab ships it: certificate and key in one file. */
  clientPem: Buffer;
  cleanup(): Promise<void>;
}

export function hasOpenssl(): Promise<boolean> {
  return ignoreFailure(run('openssl', ['version']).then(() => true), false, 'no openssl: the TLS tests skip and say so');
}

/** A throwaway CA, a server cert with the given CN and a client cert, made with the openssl CLI. */
export async function makePki(serverCn: string): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'tmcc-pki-'));
  const f = (n: string): string => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=tmcc test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  for (const [name, cn] of [['server', serverCn], ['client', 'pcvm1-1']] as const) {
    await run('openssl', ['req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await run('openssl', ['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-set_serial', name === 'server' ? '2' : '3', '-days', '2', '-out', f(`${name}.pem`)]);
  }
  const pki = {
    ca: await readFile(f('ca.pem')),
    serverCert: await readFile(f('server.pem')),
    serverKey: await readFile(f('server.key')),
    clientPem: Buffer.concat([await readFile(f('client.pem')), await readFile(f('client.key'))]),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await pki.cleanup();
  return pki;
}

// Feeds the bytes after the marker to the TLS layer and writes its output to the socket.
function bridge(sock: Socket, rest: Buffer): Duplex {
  const d = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      sock.write(chunk, cb);
    },
    final(cb) {
      sock.end();
      cb();
    },
  });
  if (rest.length > 0) d.push(rest);
  sock.on('data', (c: Buffer) => d.push(c));
  sock.on('end', () => d.push(null));
  sock.on('error', (e) => d.destroy(e));
  return d;
}

export interface TlsServer {
  port: number;
  requests: Buffer[];
  markers: string[];
  peerCns: string[];
  close(): Promise<void>;
}

export async function startTlsServer(pki: TestPki, answer: string): Promise<TlsServer> {
  const requests: Buffer[] = [];
  const markers: string[] = [];
  const peerCns: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    let head = Buffer.alloc(0);
    const onHead = (c: Buffer): void => {
      head = Buffer.concat([head, c]);
      if (head.length < 17) return;
      sock.removeListener('data', onHead);
      markers.push(head.subarray(0, 17).toString('latin1'));
      const tls = new TLSSocket(bridge(sock, head.subarray(17)), {
        isServer: true, cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert: true, rejectUnauthorized: true,
      });
      tls.on('error', () => sock.destroy());
      tls.once('secure', () => {
        const cn: unknown = tls.getPeerCertificate().subject?.CN;
        peerCns.push(String(cn));
      });
      // tmcd reads once: the first chunk is the request.
      tls.once('data', (req: Buffer) => {
        requests.push(req);
        tls.end(answer);
      });
    };
    sock.on('data', onHead);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return {
    port: addr.port, requests, markers, peerCns,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
