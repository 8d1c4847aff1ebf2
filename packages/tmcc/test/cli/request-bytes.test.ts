// The exact bytes a server receives for each flag combination of TMCD-PROTOCOL.md §4.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeRoot, runCli } from '../helpers/cli.js';
import { startTcpServer, startUdpServer, startUnixServer, type StreamServer } from '../helpers/servers.js';

const KEY = '0123456789abcdef0123';
let root: Awaited<ReturnType<typeof makeRoot>>;
let server: StreamServer;

beforeEach(async () => {
  root = await makeRoot();
  server = await startTcpServer(() => 'OK\n');
});
afterEach(async () => {
  await server.close();
  await root.cleanup();
});

async function sent(argv: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await runCli(argv, { root: root.root, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.toString()).toBe('OK\n');
  expect(server.requests).toHaveLength(1);
  return server.requests[0]?.toString('latin1') ?? '';
}

describe('tmcc request bytes over TCP', () => {
  it('-k key -n pcvm1-1 ifconfig arg1 arg2 (the verified Emulab example)', async () => {
    const key = await root.put('keyfile', `${KEY}\nsecond line ignored\n`);
    const p = String(server.port);
    expect(await sent(['-s', '127.0.0.1', '-p', p, '-k', key, '-n', 'pcvm1-1', 'ifconfig', 'arg1', 'arg2'])).toBe(
      `VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 ifconfig arg1 arg2 `,
    );
  });

  it.each([
    [['nodeid'], 'VERSION=34 nodeid '],
    [['-v', '7', 'status'], 'VERSION=7 status '],
    [['-n', 'pcvm1-2', 'state', 'ISUP'], 'VNODEID=pcvm1-2 VERSION=34 state ISUP '],
    [['-d', '-i', '-n', 'v', 'a', 'b', 'c', 'd', 'e'], 'VNODEID=v VERSION=34 a b c d e '],
    // Option parsing stops at the command: later dashes are arguments.
    [['state', '-x'], 'VERSION=34 state -x '],
  ])('%j', async (argv, expected) => {
    const r = await runCli(['-s', '127.0.0.1', '-p', String(server.port), ...argv], { root: root.root });
    expect(r.code).toBe(0);
    expect(server.requests[0]?.toString('latin1')).toBe(expected);
  });

  it('-f appends the datafile after the last space', async () => {
    const df = await root.put('data', 'boot log\nline 2\n');
    expect(await sent(['-s', '127.0.0.1', '-p', String(server.port), '-f', df, 'bootlog'])).toBe('VERSION=34 bootlog boot log\nline 2\n');
  });

  it('<root>/etc/emulab/emulab-privkey silently overrides -k', async () => {
    await root.put('etc/emulab/emulab-privkey', 'aaaaaaaaaaaaaaaaaaaa\n');
    const key = await root.put('keyfile', `${KEY}\n`);
    expect(await sent(['-s', '127.0.0.1', '-p', String(server.port), '-k', key, 'nodeid'])).toBe(
      'PRIVKEY=aaaaaaaaaaaaaaaaaaaa VERSION=34 nodeid ',
    );
  });

  it('<root>/etc/emulab.pkey is used when there is no -k', async () => {
    await root.put('etc/emulab.pkey', 'bbbbbbbbbbbbbbbbbbbb');
    expect(await sent(['-s', '127.0.0.1', '-p', String(server.port), 'nodeid'])).toBe('PRIVKEY=bbbbbbbbbbbbbbbbbbbb VERSION=34 nodeid ');
  });

  it('BOSSNAME host:port picks server and the only port', async () => {
    expect(await sent(['nodeid'], { BOSSNAME: `127.0.0.1:${server.port}` })).toBe('VERSION=34 nodeid ');
  });

  it('the first bossnode file under the root picks server and port', async () => {
    await root.put('etc/rc.d/testbed/bossnode', `127.0.0.1:${server.port}\n`);
    await root.put('usr/local/etc/emulab/bossnode', '127.0.0.2:1\n');
    expect(await sent(['nodeid'])).toBe('VERSION=34 nodeid ');
  });
});

describe('tmcc request bytes over UDP and unix sockets', () => {
  it('-u sends one datagram to the first port and prints the reply', async () => {
    const udp = await startUdpServer(() => 'UDPREPLY\n');
    try {
      const r = await runCli(['-s', '127.0.0.1', '-p', String(udp.port), '-u', '-n', 'pcvm1-1', 'ifconfig'], { root: root.root });
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('UDPREPLY\n');
      expect(udp.requests.map((b) => b.toString())).toEqual(['VNODEID=pcvm1-1 VERSION=34 ifconfig ']);
    } finally {
      await udp.close();
    }
  });

  it('-l path works with no way to resolve boss (a vnode without DNS)', async () => {
    const sock = join(root.root, 'tmcc-nodns.sock');
    const unix = await startUnixServer(sock, () => 'pcvm1-1\n');
    try {
      const boss = { reverse: async () => Promise.reject(new Error('no DNS')), lookup: async () => Promise.reject(new Error('no DNS')) };
      const r = await runCli(['-l', sock, 'nodeid'], { root: root.root, boss });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('pcvm1-1\n');
    } finally {
      await unix.close();
    }
  });

  it('-l path -u asks the proxy for UDP with USEUDP=1', async () => {
    const sock = join(root.root, 'tmcc.sock');
    const unix = await startUnixServer(sock, () => 'UNIX\n');
    try {
      const r = await runCli(['-l', sock, '-u', '-n', 'pcvm1-1', 'jailconfig'], { root: root.root, env: { BOSSNAME: '127.0.0.1' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('UNIX\n');
      expect(unix.requests.map((b) => b.toString())).toEqual(['VNODEID=pcvm1-1 USEUDP=1 VERSION=34 jailconfig ']);
    } finally {
      await unix.close();
    }
  });

  it('uses <root>/var/emulab/boot/proxypath automatically, and -D turns it off', async () => {
    const unix = await startUnixServer(join(root.root, 'tmcc'), () => 'VIA PROXY\n');
    try {
      await root.put('var/emulab/boot/proxypath', '/tmcc\n');
      const r = await runCli(['nodeid'], { root: root.root, env: { BOSSNAME: `127.0.0.1:${server.port}` } });
      expect(r.stdout.toString()).toBe('VIA PROXY\n');
      const direct = await runCli(['-D', 'nodeid'], { root: root.root, env: { BOSSNAME: `127.0.0.1:${server.port}` } });
      expect(direct.stdout.toString()).toBe('OK\n');
      expect(unix.requests.map((b) => b.toString())).toEqual(['VERSION=34 nodeid ']);
    } finally {
      await unix.close();
    }
  });

  it('refuses a proxypath with characters outside [-\\w./]', async () => {
    await root.put('var/emulab/boot/proxypath', '/tmp/x;rm\n');
    const r = await runCli(['nodeid'], { root: root.root, env: { BOSSNAME: '127.0.0.1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Bad data in tmccproxy path: /tmp/x;rm\n');
  });
});
