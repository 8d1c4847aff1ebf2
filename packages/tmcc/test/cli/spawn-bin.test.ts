// The built, bundled bin as operators run it: real process, real exit status.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipBecause, skipNow } from '../helpers/skip.js';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRoot } from '../helpers/cli.js';
import { startTcpServer, type StreamServer } from '../helpers/servers.js';
import { hasOpenssl, makePki, startTlsServer } from '../helpers/tls-server.js';

const BIN = fileURLToPath(new URL('../../bin/tmcc.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/bin/tmcc.cjs', import.meta.url)));

function spawnTmcc(argv: string[], env: Record<string, string>, bin = BIN): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...argv], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let root: Awaited<ReturnType<typeof makeRoot>>;
let server: StreamServer;
beforeEach(async () => {
  root = await makeRoot();
  server = await startTcpServer((_req, i) => (i === 0 ? 'pcvm1-1\n' : 'REDIRECT=127.0.0.1\n'));
});
afterEach(async () => {
  await server.close();
  await root.cleanup();
});

const SKIP = skipBecause(!BUILT, 'spawn tests: dist/bin/tmcc.cjs is missing; run the build first');

describe.skipIf(SKIP)('the tmcc bin', () => {
  it('sends the request and prints the reply, reading the key under TBVNODE_ROOT', async () => {
    await root.put('etc/emulab.pkey', '0123456789abcdef0123\n');
    const r = await spawnTmcc(['-s', '127.0.0.1', '-p', String(server.port), '-n', 'pcvm1-1', 'nodeid'], { TBVNODE_ROOT: root.root });
    expect(r).toEqual({ code: 0, stdout: 'pcvm1-1\n', stderr: '' });
    expect(server.requests[0]?.toString()).toBe('VNODEID=pcvm1-1 PRIVKEY=0123456789abcdef0123 VERSION=34 nodeid ');
  });

  it('exits 255 on a redirect loop and 1 on a usage error', async () => {
    await spawnTmcc(['-s', '127.0.0.1', '-p', String(server.port), 'nodeid'], { TBVNODE_ROOT: root.root });
    const loop = await spawnTmcc(['-s', '127.0.0.1', '-p', String(server.port), 'nodeid'], { TBVNODE_ROOT: root.root });
    expect([loop.code, loop.stderr]).toEqual([255, 'Redirect limit reached\n']);
    const usage = await spawnTmcc(['-p', 'seven', 'nodeid'], { TBVNODE_ROOT: root.root });
    expect([usage.code, usage.stderr]).toEqual([1, "-p: not a non-negative integer: 'seven'\n"]);
  });
});

// Emulab installs its C client as $BINDIR/tmcc.bin; a symlink of that name to the
// bin must act as it (no cache, no proxypath), wherever the symlink lives.
describe.skipIf(SKIP)('the tmcc bin installed as tmcc.bin', () => {
  it('goes to boss for a command the cache holds; as tmcc the cache answers', async () => {
    const boss = await startTcpServer(() => 'FROM BOSS\n');
    try {
      await root.put('var/emulab/boot/tmcc/nodeid', 'CACHED\n');
      const link = join(root.root, 'usr/local/etc/emulab/tmcc.bin');
      await mkdir(dirname(link), { recursive: true });
      await symlink(BIN, link);
      const env = { TBVNODE_ROOT: root.root, BOSSNAME: `127.0.0.1:${boss.port}` };
      expect(await spawnTmcc(['nodeid'], env)).toEqual({ code: 0, stdout: 'CACHED\n', stderr: '' });
      expect(await spawnTmcc(['nodeid'], env, link)).toEqual({ code: 0, stdout: 'FROM BOSS\n', stderr: '' });
      expect(await spawnTmcc(['--bin', 'nodeid'], env)).toEqual({ code: 0, stdout: 'FROM BOSS\n', stderr: '' });
      expect(boss.requests).toHaveLength(2);
    } finally {
      await boss.close();
    }
  });
});

// The bin runs the bundle as a vm.Script: the lazily loaded parts (resolver, TLS)
// must work there too, not only in process.
describe.skipIf(SKIP)('the tmcc bin, lazily loaded parts', () => {
  it('resolves a host name (localhost, from the hosts file)', async () => {
    const r = await spawnTmcc(['-s', 'localhost', 'bossinfo'], { TBVNODE_ROOT: root.root });
    expect(r).toEqual({ code: 0, stdout: 'localhost 127.0.0.1\n', stderr: '' });
  });

  it('speaks TLS when client.pem is present', async (ctx) => {
    if (!(await hasOpenssl())) {
      skipNow(ctx, 'bin TLS test: the openssl command is not installed');
    }
    const pki = await makePki('localhost');
    const tls = await startTlsServer(pki, 'SECURE\n');
    try {
      await root.put('etc/emulab/client.pem', pki.clientPem);
      await root.put('etc/emulab/emulab.pem', pki.ca);
      const r = await spawnTmcc(['-s', '127.0.0.1', '-p', String(tls.port), 'nodeid'], { TBVNODE_ROOT: root.root });
      expect(r).toEqual({ code: 0, stdout: 'SECURE\n', stderr: '' });
      expect(tls.markers).toEqual(['ISPEAKSSL_TMCDV10']);
    } finally {
      await tls.close();
    }
  });
});
