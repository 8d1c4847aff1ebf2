// tmcc.bin mode (issue 15): Emulab's C client has no config cache and no proxypath;
// libtmcc.pm decides both and then runs `$BINDIR/tmcc.bin [-l path] ... cmd`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { chooseMode } from '../../src/cli/mode.js';
import { BIN_USAGE } from '../../src/cli/usage.js';
import { makeRoot, runCli } from '../helpers/cli.js';
import { startTcpServer, startUnixServer, type StreamServer } from '../helpers/servers.js';

const AS_BIN = '/usr/local/etc/emulab/tmcc.bin';

describe('chooseMode', () => {
  it.each([
    ['/usr/local/etc/emulab/tmcc.bin', ['nodeid'], 'bin', ['nodeid']],
    ['tmcc.bin', ['-n', 'pcvm1-1', 'nodeid'], 'bin', ['-n', 'pcvm1-1', 'nodeid']],
    ['/usr/local/bin/tmcc', ['nodeid'], 'tmcc', ['nodeid']],
    ['/opt/x/node_modules/@tbvnode/tmcc/bin/tmcc.js', ['nodeid'], 'tmcc', ['nodeid']],
    ['/usr/local/bin/tmcc', ['--bin', '-l', '/s', 'nodeid'], 'bin', ['-l', '/s', 'nodeid']],
    [undefined, ['--bin', 'nodeid'], 'bin', ['nodeid']],
    ['/usr/local/bin/tmcc.binary', ['nodeid'], 'tmcc', ['nodeid']],
    ['/usr/local/bin/tmcc', ['nodeid', '--bin'], 'tmcc', ['nodeid', '--bin']], // only as the first word
  ] as const)('%s %j -> %s', (invokedAs, argv, mode, rest) => {
    expect(chooseMode(invokedAs, argv)).toEqual({ mode, argv: rest });
  });
});

let root: Awaited<ReturnType<typeof makeRoot>>;
let boss: StreamServer;
let proxy: StreamServer;
beforeEach(async () => {
  root = await makeRoot();
  boss = await startTcpServer(() => 'FROM BOSS\n');
  proxy = await startUnixServer(join(root.root, 'tmcc'), () => 'FROM PROXY\n');
  // A node with a filled cache and a proxypath, as a vnode has after boot.
  await root.put('var/emulab/boot/tmcc/watchdoginfo', 'STALE CACHE\n');
  await root.put('var/emulab/boot/proxypath', '/tmcc\n');
});
afterEach(async () => {
  await proxy.close();
  await boss.close();
  await root.cleanup();
});
const env = (): Record<string, string> => ({ BOSSNAME: `127.0.0.1:${boss.port}` });

describe('tmcc.bin never reads the cache nor proxypath', () => {
  it('the tmcc front end answers from the cache (unchanged)', async () => {
    const r = await runCli(['watchdoginfo'], { root: root.root, env: env() });
    expect(r).toEqual({ code: 0, stdout: Buffer.from('STALE CACHE\n'), stderr: '' });
  });

  it.each([
    ['named tmcc.bin', AS_BIN, ['watchdoginfo']],
    ['with --bin', '/usr/local/bin/tmcc', ['--bin', 'watchdoginfo']],
  ])('%s: a cached command goes to boss directly, not to the proxy', async (_what, invokedAs, argv) => {
    const r = await runCli(argv, { root: root.root, env: env(), invokedAs });
    expect(r).toEqual({ code: 0, stdout: Buffer.from('FROM BOSS\n'), stderr: '' });
    expect(boss.requests.map((b) => b.toString())).toEqual(['VERSION=34 watchdoginfo ']);
    expect(proxy.requests).toHaveLength(0);
  });

  it('uses the proxy only when -l names it', async () => {
    const r = await runCli(['-l', join(root.root, 'tmcc'), '-n', 'pcvm1-1', 'watchdoginfo'], { root: root.root, env: env(), invokedAs: AS_BIN });
    expect(r.stdout.toString()).toBe('FROM PROXY\n');
    expect(proxy.requests.map((b) => b.toString())).toEqual(['VNODEID=pcvm1-1 VERSION=34 watchdoginfo ']);
    expect(boss.requests).toHaveLength(0);
  });

  it('-d does not print "Fetching locally" (there is no cache to fetch from)', async () => {
    const r = await runCli(['-d', 'watchdoginfo'], { root: root.root, env: env(), invokedAs: AS_BIN });
    expect(r.stdout.toString()).toBe('FROM BOSS\n');
    expect(r.stderr).not.toContain('Fetching locally');
  });
});

describe('tmcc.bin flags are the C client\'s', () => {
  it.each([['-b'], ['-D']])('refuses the front end\'s %s with the C usage text, exit 1', async (flag) => {
    const r = await runCli([flag, 'nodeid'], { root: root.root, env: env(), invokedAs: AS_BIN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(BIN_USAGE);
    expect(boss.requests).toHaveLength(0);
  });

  it('accepts -o (the proxy log file) and ignores it outside proxy mode', async () => {
    const r = await runCli(['-o', '/nonexistent/log', 'nodeid'], { root: root.root, env: env(), invokedAs: AS_BIN });
    expect(r).toEqual({ code: 0, stdout: Buffer.from('FROM BOSS\n'), stderr: '' });
  });

  it('the front end still refuses -o (Emulab\'s Perl passes it only with -x)', async () => {
    const r = await runCli(['-o', '/x', 'nodeid'], { root: root.root, env: env() });
    expect(r.code).toBe(1);
  });

  it('sends libtmcc\'s IDKEY= word as the C client does: it is the first word', async () => {
    const r = await runCli(['-n', 'pcvm1-1', 'IDKEY=abc', 'nodeid'], { root: root.root, env: env(), invokedAs: AS_BIN });
    expect(r.code).toBe(0);
    expect(boss.requests.map((b) => b.toString())).toEqual(['VNODEID=pcvm1-1 VERSION=34 IDKEY=abc nodeid ']);
  });
});
