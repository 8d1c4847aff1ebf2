import { describe, expect, it } from 'vitest';
import {
  assessJailConfig, bootDirFiles, checkSocketPath, devfsRules, devfsRulesetNumber, devfsVariants, fibRoutes,
  jailCreateArgv, jailName, jailRcConf, jailResolvConf, networkOf, projectOf, type JailSettings,
} from '../../src/index.js';
import { DEFAULT_JAIL_PARAMS } from '../../src/testing/index.js';

const settings = (jc: Record<string, string>): JailSettings =>
  assessJailConfig({ jailconfig: jc, policy: { netMode: 'alias', bpf: 'refuse', allowDevmem: false, defaultDiskMb: 512 }, host: { jailParams: DEFAULT_JAIL_PARAMS, fibs: 4 } }).settings;

describe('plans', () => {
  it.each([
    ['pcvm42-3', 'pcvm42-3'],
    ['42', 'vnode-42'],
  ])('jailName(%s) = %s', (id, name) => expect(jailName(id)).toBe(name));

  it('builds jail -c with every applied option and injail as the command', () => {
    const s = settings({ JAILIP: '172.17.3.1,255.240.0.0', IPADDRS: '10.1.1.2', SYSVIPC: '1', INETRAW: '1' });
    expect(jailCreateArgv({ name: 'n', id: 'n', rootDir: '/r', hostname: 'h', settings: s, fib: 2 })).toEqual([
      'jail', '-c', 'name=n', 'path=/r', 'host.hostname=h', 'ip4.addr=172.17.3.1,10.1.1.2', 'allow.noset_hostname',
      'allow.raw_sockets', 'sysvmsg=new', 'sysvsem=new', 'sysvshm=new', 'exec.fib=2', 'exec.clean', 'command=/etc/jail/injail', '-v', 'n',
    ]);
  });

  it.each([
    [{ vnet: true, waitForIfaces: true }, ['-v', 'n', '-w', '/var/emulab/interfaces-ready']],
    [{ vnet: true, waitForIfaces: false }, ['-v', 'n']],
    [{ vnet: true }, ['-v', 'n']],
  ])('a VNET jail with interfaces: injail waits for the host before /etc/rc (%j)', (o, tail) => {
    const argv = jailCreateArgv({ name: 'n', id: 'n', rootDir: '/r', hostname: 'h', settings: settings({}), fib: null, ...o });
    expect(argv.slice(argv.indexOf('command=/etc/jail/injail') + 1)).toEqual(tail);
  });

  it('a jail without an address has no network, never the host\'s', () => {
    const argv = jailCreateArgv({ name: 'n', id: 'n', rootDir: '/r', hostname: 'h', settings: settings({}), fib: null });
    expect(argv).toContain('ip4=disable');
    expect(argv.some((a) => a.startsWith('ip4.addr') || a === 'ip4=inherit' || a.startsWith('exec.fib'))).toBe(false);
  });

  it('routes: connected net, lo0 for each own address, default last', () => {
    const s = settings({ JAILIP: '172.17.3.1,255.240.0.0', IPADDRS: '10.1.1.2' });
    expect(fibRoutes({ settings: s, cnetIface: 'em0', gateway: '172.16.0.1' })).toEqual([
      ['-net', '172.16.0.0/12', '-iface', 'em0'], ['172.17.3.1', '-iface', 'lo0'], ['10.1.1.2', '-iface', 'lo0'], ['default', '172.16.0.1'],
    ]);
    expect(fibRoutes({ settings: s, cnetIface: 'em0', gateway: null }).at(-1)).toEqual(['10.1.1.2', '-iface', 'lo0']);
  });

  it('routes: a gateway outside the jail\'s network gets an interface host route before the default', () => {
    const s = settings({ JAILIP: '172.17.3.1,255.240.0.0' });
    expect(fibRoutes({ settings: s, cnetIface: 'em0', gateway: '155.98.36.1' }).slice(-2)).toEqual([
      ['-host', '155.98.36.1', '-iface', 'em0'], ['default', '155.98.36.1'],
    ]);
  });

  it.each([
    ['172.17.3.1', '255.240.0.0', '172.16.0.0/12'], ['10.1.2.3', '255.255.255.0', '10.1.2.0/24'], ['10.1.2.3', '255.0.255.0', null],
  ])('networkOf(%s, %s) = %s', (ip, mask, net) => expect(networkOf(ip, mask)).toBe(net));

  it('devfs rulesets: base, +bpf, +mem, +both', () => {
    expect(devfsVariants({ bpf: false, mem: false }).map((v) => devfsRulesetNumber(4200, v))).toEqual([4200]);
    expect(devfsVariants({ bpf: true, mem: true }).map((v) => devfsRulesetNumber(4200, v))).toEqual([4200, 4201, 4202, 4203]);
    expect(devfsRules({ bpf: true, mem: true })).toEqual([
      ['add', 'include', '4'], ['add', 'path', 'bpf*', 'unhide'], ['add', 'path', 'mem', 'unhide'], ['add', 'path', 'kmem', 'unhide'],
    ]);
  });

  it('rc.conf carries the sshd port; resolv.conf points 127.0.0.1 at the host resolver or drops it', () => {
    expect(jailRcConf({ hostname: 'h', settings: settings({ JAILIP: '1.2.3.4,255.0.0.0', SSHDPORT: '30022' }) })).toContain('sshd_flags="-p 30022"');
    expect(jailRcConf({ hostname: 'h', settings: settings({}) })).not.toContain('sshd_flags');
    const host = '# c\nsearch x\nnameserver 127.0.0.1\nnameserver 9.9.9.9\n';
    expect(jailResolvConf(host, '172.16.0.1')).toBe('search x\nnameserver 172.16.0.1\nnameserver 9.9.9.9\n');
    expect(jailResolvConf(host, undefined)).toBe('search x\nnameserver 9.9.9.9\n');
  });

  it('boot dir files include proxypath, and myip/eventserver only when known', () => {
    expect(Object.keys(bootDirFiles({ id: 'v', settings: settings({}), proxyInside: '/var/emulab/tmcc' }))).toEqual(['var/emulab/boot/nodeid', 'var/emulab/boot/proxypath']);
    const full = bootDirFiles({ id: 'v', settings: settings({ JAILIP: '1.2.3.4,255.0.0.0', EVENTSERVER: 'ev.x' }), proxyInside: '/p' });
    expect(full['var/emulab/boot/myip']).toBe('1.2.3.4\n');
    expect(full['var/emulab/boot/eventserver']).toBe('ev.x\n');
  });

  it('checks the proxy socket against FreeBSD\'s 104-byte sun_path', () => {
    expect(checkSocketPath(`/${'a'.repeat(102)}`)).toHaveLength(103);
    expect(() => checkSocketPath(`/${'a'.repeat(103)}`)).toThrow(expect.objectContaining({ code: 'FBSD_SOCKET_PATH_TOO_LONG' }));
  });

  it.each([
    ['nodeA.myexp.myproj.emulab.net', 'myproj'], ['nodeA', null], [undefined, null], ['a.b.../x', null],
  ])('projectOf(%s) = %s', (h, p) => expect(projectOf(h)).toBe(p));
});
