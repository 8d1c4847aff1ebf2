// TLS as Emulab's SSL build does it, against a loopback server with a throwaway CA
// made by the openssl CLI (node cannot create certificates itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipBecause } from '../helpers/skip.js';
import { makeRoot, runCli } from '../helpers/cli.js';
import { hasOpenssl, makePki, startTlsServer, type TestPki, type TlsServer } from '../helpers/tls-server.js';
import { startTcpServer } from '../helpers/servers.js';
import { sendRequest } from '../../src/transport/send-request.js';

const opensslMissing = !(await hasOpenssl());

describe.skipIf(skipBecause(opensslMissing, 'TLS tests: the openssl command is not installed, so no test certificates can be made'))('TLS', () => {
  let pki: TestPki;
  let other: TestPki;
  let server: TlsServer;
  let root: Awaited<ReturnType<typeof makeRoot>>;
  beforeAll(async () => {
    pki = await makePki('localhost');
    other = await makePki('localhost');
    server = await startTlsServer(pki, 'SECURE\n');
    root = await makeRoot();
    await root.put('etc/emulab/client.pem', pki.clientPem);
    await root.put('etc/emulab/emulab.pem', pki.ca);
  });
  afterAll(async () => {
    await server.close();
    await root.cleanup();
  });

  it('the command speaks TLS when client.pem is present: marker, mutual auth, request', async () => {
    const r = await runCli(['-s', '127.0.0.1', '-p', String(server.port), '-n', 'pcvm1-1', 'nodeid'], { root: root.root });
    expect(r.stderr).toBe('');
    expect([r.code, r.stdout.toString()]).toEqual([0, 'SECURE\n']);
    expect(server.markers.at(-1)).toBe('ISPEAKSSL_TMCDV10');
    expect(server.peerCns.at(-1)).toBe('pcvm1-1');
    expect(server.requests.at(-1)?.toString()).toBe('VNODEID=pcvm1-1 VERSION=34 nodeid ');
  });

  it('-i and TMCCNOSSL turn TLS off', async () => {
    const plain = await startTcpServer(() => 'PLAIN\n');
    try {
      for (const [argv, env] of [[['-i'], {}], [[], { TMCCNOSSL: '1' }]] as const) {
        const r = await runCli([...argv, '-s', '127.0.0.1', '-p', String(plain.port), 'nodeid'], { root: root.root, env });
        expect(r.stdout.toString()).toBe('PLAIN\n');
      }
    } finally {
      await plain.close();
    }
  });

  it('client.pem without emulab.pem prints "SSL initialization failed!" on stdout, exit 255', async () => {
    const bare = await makeRoot();
    try {
      await bare.put('usr/local/etc/emulab/client.pem', pki.clientPem);
      const r = await runCli(['-s', '127.0.0.1', '-p', String(server.port), 'nodeid'], { root: bare.root });
      expect([r.code, r.stdout.toString(), r.stderr]).toEqual([255, 'SSL initialization failed!\n', '']);
    } finally {
      await bare.cleanup();
    }
  });

  it('refuses a server whose certificate is not signed by emulab.pem', async () => {
    const target = { kind: 'tcp' as const, host: '127.0.0.1', ports: [server.port], tls: { cert: pki.clientPem, key: pki.clientPem, ca: other.ca } };
    await expect(sendRequest(Buffer.from('VERSION=34 nodeid '), target)).rejects.toMatchObject({ code: 'TMCC_TLS' });
  });

  it('refuses a server whose CN maps to another address', async () => {
    const lookup = async (): Promise<string> => '127.0.0.2';
    const target = { kind: 'tcp' as const, host: '127.0.0.1', ports: [server.port], tls: { cert: pki.clientPem, key: pki.clientPem, ca: pki.ca, lookup } };
    await expect(sendRequest(Buffer.from('VERSION=34 nodeid '), target)).rejects.toMatchObject({
      code: 'TMCC_TLS',
      message: 'Certificate mismatch: localhost mapped to 127.0.0.2 instead of 127.0.0.1',
    });
  });
});
