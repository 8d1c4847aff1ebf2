// Conformance (issue 15): Emulab's own client Perl (tmcc.pl, libtmcc.pm, libsetup.pm,
// rc.accounts, linux liblocsetup.pm), copied at test time from a local copy of the
// public senseisimple/emulab-stable source ($TBVNODE_EMULAB_SRC), runs unchanged in a
// private root (a vnode: jailname, proxypath) against this simulator, tbvnode's
// tmcc as $BINDIR/tmcc.bin, tbvnode's proxy (as a library) and tbvnode's cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipBecause } from '../../src/testing/skip.js';
import { existsSync } from 'node:fs';
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadExperiment } from '../../src/experiment/load.js';
import { startBoss } from '../../src/server/boss.js';
import type { BossSimulator } from '../../src/server/types.js';
import { EMULAB_FILES, findEmulabSource, type EmulabSource } from './emulab-source.js';
import { makePrivateRoot, REPO_ROOT, type PrivateRoot } from './private-root.js';

interface Proxy { start(): Promise<void>; stop(): Promise<void>; stats(): { served: number } }
interface ProxyModule { createProxy(o: Record<string, unknown>): Proxy }
interface TmccModule { createTmccClient(o: Record<string, unknown>): { fillCache(): Promise<string> } }

const TMCC_BIN = join(REPO_ROOT, 'packages/tmcc/bin/tmcc.js');
const BUILT = [join(REPO_ROOT, 'packages/tmcc/dist/bin/tmcc.cjs'), join(REPO_ROOT, 'packages/tmcc-proxy/dist/index.js')];
const VNODE = 'pcvm1-1';
const STALE = 'INTERVAL=1 ISALIVE=1 NTPDRIFT=0 CVSUP=0 RUSAGE=0 HOSTKEYS=0 DHCPDCONF=1 SETROOTPSWD=0\n';

function whyNot(): string | EmulabSource {
  const src = findEmulabSource(process.env);
  if (typeof src === 'string') return src;
  if (!existsSync('/usr/bin/perl')) return 'perl is not installed (/usr/bin/perl)';
  if (process.getuid?.() !== 0) return 'needs root for unshare --mount (a private root for /etc/emulab)';
  for (const f of BUILT) if (!existsSync(f)) return `${f} is missing: build @tbvnode/tmcc and @tbvnode/tmcc-proxy first`;
  return src;
}
const source = whyNot();
// tmcc and the proxy are loaded by package name at run time, not declared: tmcc-proxy
// already has test-fixtures as a devDependency, and declaring the reverse would make
// a dependency cycle. whyNot() skips the test loudly when they are not built.
const load = <T>(name: string): Promise<T> => import(/* @vite-ignore */ name) as Promise<T>;

describe.skipIf(skipBecause(typeof source === 'string', `Emulab Perl conformance: ${source}`))('Emulab client Perl against tbvnode', () => {
  let boss: BossSimulator;
  let tree: PrivateRoot;
  let proxy: Proxy;
  const exp = loadExperiment('three-vnodes');
  const perl = (script: string, ...args: string[]) => tree.run(['/usr/bin/perl', script, ...args]);
  // tmcc.pl does not load libsetup, so unlike libsetup's callers it does not learn the
  // vnode id from jailname: inside a vnode it is run with -n, as libsetup would pass.
  const tmcc = (...args: string[]) => perl('/usr/local/etc/emulab/tmcc', '-n', VNODE, ...args);
  const bossSaw = (command: string) => boss.requests.filter((r) => r.parsed.command === command);

  beforeAll(async () => {
    const src = source as EmulabSource;
    boss = await startBoss({ experiment: exp, udp: false });
    tree = await makePrivateRoot();
    for (const [from, to] of EMULAB_FILES) await tree.put(to, await src.read(from), 0o755);
    await symlink(TMCC_BIN, join(tree.root, 'usr/local/etc/emulab/tmcc.bin'));
    await tree.put('usr/local/etc/emulab/findif', await readFile(new URL('./findif.mjs', import.meta.url)), 0o755);
    await tree.put('etc/emulab/bossnode', `127.0.0.1:${boss.port}\n`);
    await tree.put('var/emulab/boot/jailname', `${VNODE}\n`);
    await tree.put('var/emulab/boot/proxypath', '/tmcc.sock\n');
    const { createProxy } = await load<ProxyModule>('@tbvnode/tmcc-proxy');
    const upstream = { kind: 'tcp', host: '127.0.0.1', ports: [boss.port], tls: null };
    proxy = createProxy({ listen: { kind: 'unix', path: join(tree.root, 'tmcc.sock'), mode: 0o777 }, vnodeId: VNODE, upstream });
    await proxy.start();
    // tbvnode's cache, as the vnode manager fills it, then made stale on purpose.
    const { createTmccClient } = await load<TmccModule>('@tbvnode/tmcc');
    const dir = await createTmccClient({ root: tree.root, target: upstream, vnodeId: VNODE }).fillCache();
    await writeFile(join(dir, 'watchdoginfo'), STALE);
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await boss?.stop();
    await tree?.cleanup();
  });

  it('tmcc (no -b) answers from the cache: nothing reaches boss', async () => {
    const before = bossSaw('watchdoginfo').length;
    const r = await tmcc('watchdoginfo');
    expect(r).toEqual({ code: 0, stdout: STALE, stderr: '' });
    expect(bossSaw('watchdoginfo')).toHaveLength(before);
  });

  it('tmcc -b reaches boss (through the proxy named by proxypath), not the cache', async () => {
    const served = proxy.stats().served;
    const r = await tmcc('-b', 'watchdoginfo');
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toBe(STALE);
    expect(r.stdout).toMatch(/^INTERVAL=3600 /);
    expect(bossSaw('watchdoginfo').at(-1)?.parsed.vnodeId).toBe(VNODE);
    expect(proxy.stats().served).toBe(served + 1);
  });

  it('a no-proxy request (tmcc -D) goes to boss directly, bypassing the proxy', async () => {
    const served = proxy.stats().served;
    const before = bossSaw('nodeid').length;
    const r = await tmcc('-D', '-b', 'nodeid');
    expect(r).toEqual({ code: 0, stdout: `${VNODE}\n`, stderr: '' });
    expect(bossSaw('nodeid')).toHaveLength(before + 1);
    expect(proxy.stats().served).toBe(served);
    // And without -D the same request does go through the proxy.
    await tmcc('-b', 'nodeid');
    expect(proxy.stats().served).toBe(served + 1);
  });

  it('rc.accounts adds the fixture\'s groups and users (in the private /etc), with their keys', async () => {
    const r = await perl('/usr/local/etc/emulab/rc/rc.accounts', 'boot');
    expect(r.stderr).not.toMatch(/Bad accounts line|WARNING/);
    expect(r.code).toBe(0);
    const passwd = await readFile(join(tree.root, 'etc/passwd'), 'utf8');
    const group = await readFile(join(tree.root, 'etc/group'), 'utf8');
    const users = exp.vnodes[0]?.accounts.users ?? [];
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) expect(passwd).toMatch(new RegExp(`^${u.login}:x:${u.uid}:${u.gid}:${u.name}:${u.homedir}:`, 'm'));
    for (const g of exp.vnodes[0]?.accounts.groups ?? []) expect(group).toMatch(new RegExp(`^${g.name}:x:${g.gid}:`, 'm'));
    const keys = await readFile(join(tree.root, 'users/alice/.ssh/authorized_keys'), 'utf8');
    expect(keys).toContain(exp.vnodes[0]?.accounts.pubkeys.find((k) => k.login === 'alice')?.key);
  });

  it('getifconfig(nocache) reaches boss and maps every line without a warning', async () => {
    const vnode = exp.vnodes[0];
    const vmac = String(vnode?.ifconfig[0]?.['VMAC']);
    const mac = vmac.match(/../g)?.join(':') ?? '';
    await tree.put('tmp/getifconfig.pl', [
      'BEGIN { require "/etc/emulab/paths.pm"; import emulabpaths; }',
      'use libsetup;',
      'my @ifs; my $rc = getifconfig(\\@ifs, 1);',
      'print "rc=$rc\\n"; print "$_->{IPADDR} $_->{VMAC} $_->{IFACE}\\n" foreach @ifs;',
      '',
    ].join('\n'));
    const before = bossSaw('ifconfig').length;
    const r = await tree.run(['/usr/bin/perl', '/tmp/getifconfig.pl'], { links: [{ name: 'veth1', mac }] });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`rc=0\n${String(vnode?.ifconfig[0]?.['INET'])} ${vmac} veth1\n`);
    expect(bossSaw('ifconfig')).toHaveLength(before + 1);
  });

  it('libsetup\'s parsers read status, routing, firewallinfo and jailconfig as the replies say', async () => {
    await tree.put('tmp/parsers.pl', String.raw`BEGIN { require "/etc/emulab/paths.pm"; import emulabpaths; }
use libsetup;
my ($pid, $eid, $vname) = libsetup::check_status(); print "status=$pid/$eid/$vname\n";
my @routes; my $type; getrouterconfig(\@routes, \$type); print "router=$type\n";
my $fw; my @rules; getfwconfig(\$fw, \@rules); print "fw=$fw->{TYPE}\n";
my %jc; getgenvnodeconfig(\%jc); print "jail=$jc{CTRLIP}/$jc{CTRLMASK} $jc{PORTRANGE} $jc{SSHDPORT} $jc{IPADDRS}\n";
`);
    const r = await tree.run(['/usr/bin/perl', '/tmp/parsers.pl']);
    const v = exp.vnodes[0];
    const jc = v?.jailconfig ?? {};
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `status=${exp.pid}/${exp.eid}/${v?.nickname}\nrouter=none\nfw=none\n` +
        `jail=${String(jc['JAILIP']).replace(',', '/')} ${String(jc['PORTRANGE'])} ${String(jc['SSHDPORT'])} ${String(jc['IPADDRS'])}\n`,
    );
  });

  it('rc.misc, rc.keys and rc.hostnames boot write creator, swapper, keys and /etc/hosts (private root)', async () => {
    for (const script of ['rc.misc', 'rc.keys', 'rc.hostnames']) {
      const r = await perl(`/usr/local/etc/emulab/rc/${script}`, 'boot');
      expect(r.stderr, script).toBe('');
      expect(r.code, script).toBe(0);
    }
    const boot = (f: string) => readFile(join(tree.root, 'var/emulab/boot', f), 'utf8');
    // In a jail rc.misc skips nodeid.
    expect(await boot('creator')).toBe('alice\n');
    expect(await boot('swapper')).toBe('alice\n');
    const quoted = (cmd: string) => /'(\w*)'/.exec(exp.vnodes[0]?.replies?.[cmd] ?? '')?.[1];
    expect((await boot('keyhash')).trim()).toBe(quoted('keyhash'));
    expect((await boot('eventkey')).trim()).toBe(quoted('eventkey'));
    const hosts = await readFile(join(tree.root, 'etc/hosts'), 'utf8');
    for (const h of exp.vnodes[0]?.hostnames ?? []) {
      expect(hosts).toContain(`${h.ip}\t${h.name} ${h.aliases[0]} ${h.aliases[1] ?? ' '}\n`);
    }
  });

  it('Emulab\'s tmccgetconfig (through tmcc.bin) writes the same cache files as tbvnode\'s fillCache', async () => {
    const other = 'pcvm1-2';
    await tree.put('tmp/getconfig.pl', String.raw`BEGIN { require "/etc/emulab/paths.pm"; import emulabpaths; }
use libsetup;
libsetup_setvnodeid("${other}");
libtmcc::configtmcc("noproxy", 1);
exit(libsetup_refresh() == 0 ? 0 : 1);
`);
    const r = await tree.run(['/usr/bin/perl', '/tmp/getconfig.pl']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const { createTmccClient } = await load<TmccModule>('@tbvnode/tmcc');
    const mine = await makePrivateRoot();
    try {
      const upstream = { kind: 'tcp', host: '127.0.0.1', ports: [boss.port], tls: null };
      const ours = await createTmccClient({ root: mine.root, target: upstream, vnodeId: other }).fillCache();
      const theirs = join(tree.root, `var/emulab/boot/tmcc.${other}`);
      const names = (await readdir(theirs)).sort();
      expect((await readdir(ours)).sort()).toEqual(names);
      expect(names).toContain('accounts');
      for (const n of names) expect(await readFile(join(ours, n), 'utf8'), n).toBe(await readFile(join(theirs, n), 'utf8'));
    } finally {
      await mine.cleanup();
    }
  });
});

