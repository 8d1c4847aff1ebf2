// Behaviours of TMCD-PROTOCOL.md §5/§6 through the command: REDIRECT, -t, bossinfo,
// streaming of large replies, and the bad-input exits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeRoot, runCli } from '../helpers/cli.js';
import { closedPort, startTcpServer, startUdpServer, type StreamServer } from '../helpers/servers.js';

let root: Awaited<ReturnType<typeof makeRoot>>;
const servers: Array<{ close(): Promise<void> }> = [];
beforeEach(async () => {
  root = await makeRoot();
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await root.cleanup();
});

async function tcp(answer: Parameters<typeof startTcpServer>[0]): Promise<StreamServer> {
  const s = await startTcpServer(answer);
  servers.push(s);
  return s;
}

describe('REDIRECT', () => {
  it('follows 4 redirects, rewriting the leading VNODEID, and says so on stderr', async () => {
    const s = await tcp((_req, i) => (i < 4 ? `REDIRECT=127.0.0.1:pcvm9-${i}\n` : 'FINAL\n'));
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), '-n', 'pcvm1-1', 'nodeid'], { root: root.root });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('FINAL\n');
    expect(s.requests.map((b) => b.toString())).toEqual([
      'VNODEID=pcvm1-1 VERSION=34 nodeid ',
      'VNODEID=pcvm9-0 VERSION=34 nodeid ',
      'VNODEID=pcvm9-1 VERSION=34 nodeid ',
      'VNODEID=pcvm9-2 VERSION=34 nodeid ',
      'VNODEID=pcvm9-3 VERSION=34 nodeid ',
    ]);
    expect(r.stderr.split('\n')[0]).toBe('VNODEID=pcvm9-0 VERSION=34 nodeid , 127.0.0.1');
  });

  it('fails on the 5th with "Redirect limit reached", exit 255', async () => {
    const s = await tcp(() => 'REDIRECT=127.0.0.1\n');
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), 'nodeid'], { root: root.root });
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Redirect limit reached\n');
    expect(r.stdout.length).toBe(0);
    expect(s.requests).toHaveLength(5);
  });
});

describe('-t no-progress timeout', () => {
  it('exits 255 when a connected server sends nothing', async () => {
    const s = await tcp(() => null);
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), '-t', '1', 'nodeid'], { root: root.root });
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Timed out because there was no progress!\n');
  });

  it('exits 255 while every port keeps refusing', async () => {
    const port = await closedPort();
    const r = await runCli(['-d', '-s', '127.0.0.1', '-p', String(port), '-t', '1', 'nodeid'], { root: root.root });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^(Connection to TMCD refused\. Waiting \.\.\.\n)+Timed out because there was no progress!\n$/);
  });

  it('exits 255 when a UDP reply never comes (tmcd sends none for empty replies)', async () => {
    const u = await startUdpServer(() => null);
    servers.push(u);
    const r = await runCli(['-s', '127.0.0.1', '-p', String(u.port), '-u', '-t', '1', 'state', 'ISUP'], { root: root.root });
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Timed out because there was no progress!\n');
    expect(u.requests.map((b) => b.toString())).toEqual(['VERSION=34 state ISUP ']);
  });
});

describe('bossinfo', () => {
  it('prints name and address without sending anything', async () => {
    const boss = { lookup: async (n: string) => (n === 'boss.emulab.net' ? '155.98.32.70' : Promise.reject(new Error(n))) };
    const r = await runCli(['-s', 'boss.emulab.net', 'bossinfo'], { root: root.root, boss });
    expect(r).toEqual({ code: 0, stdout: Buffer.from('boss.emulab.net 155.98.32.70\n'), stderr: '' });
  });
  it('works with -l (the socket is never used)', async () => {
    const r = await runCli(['-l', join(root.root, 'nowhere'), 'bossinfo'], { root: root.root, env: { BOSSNAME: '127.0.0.1:5' } });
    expect(r.stdout.toString()).toBe('127.0.0.1 127.0.0.1\n');
  });
  it('needs the boss name to resolve, exit 1', async () => {
    const r = await runCli(['bossinfo'], { root: root.root, boss: { reverse: async () => Promise.reject(new Error('no')) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gethostbyname(UNKNOWN) failed\n');
  });
});

describe('replies', () => {
  it('streams a reply far over 16 KiB to stdout unchanged', async () => {
    const big = Buffer.alloc(300 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = 0x41 + (i % 26);
    const s = await tcp(() => big);
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), 'fullconfig'], { root: root.root });
    expect(r.code).toBe(0);
    expect(r.stdout.equals(big)).toBe(true);
  });
  it('an empty reply is success with no output', async () => {
    const s = await tcp(() => '');
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), 'state', 'ISUP'], { root: root.root });
    expect(r).toEqual({ code: 0, stdout: Buffer.alloc(0), stderr: '' });
  });
  it('-d echoes the reply to stderr', async () => {
    const s = await tcp(() => 'pcvm1-1\n');
    const r = await runCli(['-d', '-s', '127.0.0.1', '-p', String(s.port), 'nodeid'], { root: root.root });
    expect(r.stdout.toString()).toBe('pcvm1-1\n');
    expect(r.stderr).toBe('pcvm1-1\n');
  });
});

describe('bad input', () => {
  it.each([
    [['-p', 'abc', 'nodeid'], "-p: not a non-negative integer: 'abc'\n"],
    [['-p', '77x', 'nodeid'], "-p: not a non-negative integer: '77x'\n"],
    [['-p', '0', 'nodeid'], "-p: port out of range 1-65535: '0'\n"],
    [['-t', '1.5', 'nodeid'], "-t: not a non-negative integer: '1.5'\n"],
    [['-t', '-1', 'nodeid'], "-t: not a non-negative integer: '-1'\n"],
    [['-v', 'x', 'nodeid'], "-v: not a non-negative integer: 'x'\n"],
    [['-n', '../etc', 'nodeid'], "-n: bad vnode id: '../etc'\n"],
  ])('%j exits 1 with a clear message', async (argv, message) => {
    const r = await runCli(['-s', '127.0.0.1', ...argv], { root: root.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(message);
  });

  it.each([
    [[], 'usage: tmcc'],
    [['a', 'b', 'c', 'd', 'e', 'f'], 'usage: tmcc'],
    [['-u', '-f', 'x', 'nodeid'], 'Cannot send a file (-f) in UDP mode (-u)\nusage: tmcc'],
    [['-l', 'p', '-s', 'b', 'nodeid'], 'You may not use the -k or -s with the -l option\nusage: tmcc'],
    [['-l', 'p', '-k', 'k', 'nodeid'], 'You may not use the -k or -s with the -l option\nusage: tmcc'],
    [['-x', 'p'], 'Proxy mode (-x/-X) is run by the tmcc bin through @tbvnode/tmcc-proxy, not by this function\nusage: tmcc'],
    [['-z', 'nodeid'], "error: unknown option '-z'\nusage: tmcc"],
  ])('%j is a usage error, exit 1', async (argv, start) => {
    const r = await runCli(argv, { root: root.root });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(start)).toBe(true);
  });

  it('an unreadable key file exits 1', async () => {
    const r = await runCli(['-s', '127.0.0.1', '-k', join(root.root, 'nokey'), 'nodeid'], { root: root.root });
    expect(r).toEqual({ code: 1, stdout: Buffer.alloc(0), stderr: 'keyfile: No such file or directory\n' });
  });

  it('an empty or missing datafile exits 255', async () => {
    const empty = await root.put('empty', '');
    const a = await runCli(['-s', '127.0.0.1', '-f', empty, 'bootlog'], { root: root.root });
    expect([a.code, a.stderr]).toEqual([255, 'reading datafile: empty file\n']);
    const b = await runCli(['-s', '127.0.0.1', '-f', join(root.root, 'none'), 'bootlog'], { root: root.root });
    expect([b.code, b.stderr]).toEqual([255, 'accessing datafile: No such file or directory\n']);
  });

  it('a too-large datafile is truncated to a 16383-byte request', async () => {
    const s = await tcp(() => '');
    const df = await root.put('big', Buffer.alloc(40000, 0x7a));
    const r = await runCli(['-s', '127.0.0.1', '-p', String(s.port), '-f', df, 'bootlog'], { root: root.root });
    expect(r.code).toBe(0);
    expect(s.requests[0]?.length).toBe(16383);
  });

  it('a command too large for the packet exits 255', async () => {
    const r = await runCli(['-s', '127.0.0.1', 'x'.repeat(17000)], { root: root.root });
    expect([r.code, r.stderr]).toEqual([255, 'Command too large!\n']);
  });
});
