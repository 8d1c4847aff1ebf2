import { describe, expect, it } from 'vitest';
import { parseFibs, parseFreebsdOptions, parseInetAddrs, parseJailParams, parseJid, parseMdList, parseMdName, parseWhich } from '../../src/index.js';

describe('FreeBSD output parsers', () => {
  it.each([['md3\n', 3], ['md12', 12], ['', null], ['mdconfig: ioctl failed', null]])('parseMdName(%j) = %s', (s, n) => expect(parseMdName(s)).toBe(n));

  it('parseMdList reads mdconfig -l -v', () => {
    expect(parseMdList('md0\tvnode\t  512M\t/var/emulab/jails/a/root.vnode\nmd1\tmalloc\t 64M\ngarbage\n')).toEqual([
      { unit: 0, type: 'vnode', file: '/var/emulab/jails/a/root.vnode' }, { unit: 1, type: 'malloc', file: '' },
    ]);
  });

  it('parseMdList reads the current format (mdconfig.c: file "-", label "-", options) with a space in a path', () => {
    expect(parseMdList('md0\tvnode\t  512M\t/var/emulab/jails/a b/root.vnode\t-\t\nmd1\tmalloc\t   64M\t-\t-\tcompress\n')).toEqual([
      { unit: 0, type: 'vnode', file: '/var/emulab/jails/a b/root.vnode' }, { unit: 1, type: 'malloc', file: '' },
    ]);
  });

  it('parseInetAddrs reads ifconfig IF inet', () => {
    expect(parseInetAddrs('em0: flags=8843<UP> metric 0 mtu 1500\n\tinet 155.98.36.42 netmask 0xfffffc00 broadcast 155.98.39.255\n\tinet 172.17.3.1 netmask 0xffffffff\n'))
      .toEqual(['155.98.36.42', '172.17.3.1']);
  });

  it('parseJailParams strips the prefix and interior-node dots', () => {
    expect(parseJailParams('security.jail.param.allow.\nsecurity.jail.param.allow.raw_sockets\nsecurity.jail.param.sysvmsg\nkern.x\n'))
      .toEqual(['allow', 'allow.raw_sockets', 'sysvmsg']);
  });

  it.each([['16\n', 16], ['1', 1], ['0', null], ['x', null]])('parseFibs(%j) = %s', (s, n) => expect(parseFibs(s)).toBe(n));
  it.each([['7\n', 7], ['', null]])('parseJid(%j) = %s', (s, n) => expect(parseJid(s)).toBe(n));

  it('parseWhich keeps the names found', () => {
    expect([...parseWhich('/usr/sbin/jail\n/sbin/mdconfig\n')]).toEqual(['jail', 'mdconfig']);
  });
});

describe('parseFreebsdOptions', () => {
  it('defaults: alias mode, bpf refused, devmem off', () => {
    expect(parseFreebsdOptions({})).toMatchObject({ netMode: 'alias', bpf: 'refuse', allowDevmem: false, devfsRuleset: 4200, defaultDiskMb: 512 });
  });
  it.each([
    [{ netMode: 'bridge' }, /netMode must be one of alias, vnet/],
    [{ maxInterfaces: 0 }, /maxInterfaces/],
    [{ bpf: 'readonly' }, /bpf must be one of/],
    [{ allowDevmem: 'maybe' }, /boolean/],
    [{ devfsRuleset: 70000 }, /devfsRuleset/],
    [{ defaultDiskMb: -5 }, /defaultDiskMb/],
  ])('%j is refused', (o, msg) => expect(() => parseFreebsdOptions(o)).toThrow(msg));
  it.each([
    [{ defaultDiskMB: 1024 }, /unknown option "defaultDiskMB" \(did you mean "defaultDiskMb"\?\)/],
    [{ memoryMb: 512 }, /unknown option "memoryMb"/],
    [{ cnetIfce: 'em0' }, /did you mean "cnetIface"/],
  ])('refuses unknown key %j with a did-you-mean', (o, msg) => {
    expect(() => parseFreebsdOptions(o)).toThrow(msg);
    expect(() => parseFreebsdOptions(o)).toThrow(expect.objectContaining({ code: 'FBSD_BAD_OPTION' }));
  });
  it('accepts the keys the CLI hands every backend', () => {
    expect(() => parseFreebsdOptions({ nodePath: '/usr/local/bin/node', tmccBundle: '/x/tmcc.cjs' })).not.toThrow();
  });
  it('accepts netMode=vnet; maxInterfaces defaults to 16 as on Linux', () => {
    expect(parseFreebsdOptions({ netMode: 'vnet' })).toMatchObject({ netMode: 'vnet', maxInterfaces: 16 });
    expect(parseFreebsdOptions({ maxInterfaces: '4' }).maxInterfaces).toBe(4);
  });
  it.each([['yes', true], ['0', false], [true, true]])('allowDevmem=%j is %s', (v, want) => expect(parseFreebsdOptions({ allowDevmem: v }).allowDevmem).toBe(want));
});
