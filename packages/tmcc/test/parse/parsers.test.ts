import { describe, expect, it } from 'vitest';
import { parseKeyValues, parseRecord } from '../../src/parse/key-values.js';
import { parseJailConfig } from '../../src/parse/jail-config.js';
import { parseVnodeList } from '../../src/parse/vnode-list.js';
import { parseIfconfig } from '../../src/parse/ifconfig.js';
import { parseHostnames } from '../../src/parse/hostnames.js';
import { parseMounts } from '../../src/parse/mounts.js';
import { parseStatus } from '../../src/parse/status.js';
import { splitFullconfig } from '../../src/parse/fullconfig.js';
import { isTmccError } from '../../src/errors.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return isTmccError(err) ? err.code : 'not a TmccError';
  }
  return undefined;
}

describe('parseKeyValues', () => {
  it.each([
    ['A=1 B=2', [['A', '1'], ['B', '2']]],
    ['NAME="Alice Smith" SHELL=tcsh', [['NAME', 'Alice Smith'], ['SHELL', 'tcsh']]],
    ["KEY='mtu' VAL='1500'", [['KEY', 'mtu'], ['VAL', '1500']]],
    ['IFACE= LAN=lan0', [['IFACE', ''], ['LAN', 'lan0']]],
    ['X="" Y=\'a"b\'', [['X', ''], ['Y', 'a"b']]],
    ['  A=1\t B=x=y  ', [['A', '1'], ['B', 'x=y']]],
    ['IPADDR=1 IPADDR=2', [['IPADDR', '1'], ['IPADDR', '2']]],
  ])('%j', (line, pairs) => {
    expect(parseKeyValues(line)).toEqual(pairs);
  });

  it.each([['A="open'], ["A='x'y"], ['bare A=1'], ['A=1 bare'], ['=1']])('refuses %j', (line) => {
    expect(codeOf(() => parseKeyValues(line))).toBe('TMCC_PARSE');
  });

  it('takes a leading bare word as the record type', () => {
    expect(parseRecord('INTERFACE INET=1.2.3.4')).toEqual({ type: 'INTERFACE', pairs: [['INET', '1.2.3.4']] });
  });
});

describe('parseJailConfig', () => {
  it('keeps single keys as strings and repeated keys as arrays', () => {
    const text = 'JAILIP="172.17.3.1,255.240.0.0"\nSSHDPORT=30022\nIPADDR=10.1.1.2\n\nIPADDR=10.1.2.2\n';
    expect(parseJailConfig(text)).toEqual({ JAILIP: '172.17.3.1,255.240.0.0', SSHDPORT: '30022', IPADDR: ['10.1.1.2', '10.1.2.2'] });
  });
  it('does not let a reply set the prototype', () => {
    const r = parseJailConfig('__proto__=x\n');
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(r['__proto__']).toBe('x');
  });
  it('refuses an unterminated quote', () => {
    expect(codeOf(() => parseJailConfig('A="x\n'))).toBe('TMCC_PARSE');
  });
});

describe('parseVnodeList', () => {
  it('parses strict lines and reports the others', () => {
    const skipped: string[] = [];
    const r = parseVnodeList('VNODEID=pcvm1-1 JAILED=1\nVNODEID=pcvm1-2 JAILED=0\nVNODEID=bad/id JAILED=1\npcvm1-3\nVNODEID=x JAILED=12\n', (l) => skipped.push(l));
    expect(r).toEqual([{ vnodeId: 'pcvm1-1', jailed: true }, { vnodeId: 'pcvm1-2', jailed: false }]);
    expect(skipped).toEqual(['VNODEID=bad/id JAILED=1', 'pcvm1-3', 'VNODEID=x JAILED=12']);
  });
});

describe('parseIfconfig', () => {
  const text = [
    'INTERFACE IFACETYPE=veth INET=10.1.2.3 MASK=255.255.255.0 ID=1 VMAC=0000000a0102 PMAC=00d0b7a1b2c4 RTABID=1 ENCAPSULATE=1 LAN=lan0 VTAG=3',
    'INTERFACE IFACETYPE= INET=10.1.1.2 MASK=255.255.255.0 MAC=00d0b7a1b2c5 SPEED=100Mbps DUPLEX=full IFACE= RTABID= LAN=lan1',
    "INTERFACE_SETTING MAC=00d0b7a1b2c5 KEY='mtu' VAL='1500'",
    "INTERFACE_SETTING MAC=ffffffffffff KEY='mtu' VAL='9000'",
    'INTERFACE_VLAN FOO=1',
  ].join('\n');
  it('parses interfaces and attaches settings by MAC', () => {
    const skipped: string[] = [];
    const r = parseIfconfig(text, (l) => skipped.push(l));
    expect(r.map((e) => [e.inet, e.mask, e.mac, e.fields['LAN']])).toEqual([
      ['10.1.2.3', '255.255.255.0', '0000000a0102', 'lan0'],
      ['10.1.1.2', '255.255.255.0', '00d0b7a1b2c5', 'lan1'],
    ]);
    expect(r[1]?.settings).toEqual({ mtu: '1500' });
    expect(skipped).toHaveLength(2);
  });
  it('refuses an INTERFACE without INET', () => {
    expect(codeOf(() => parseIfconfig('INTERFACE MASK=255.0.0.0\n'))).toBe('TMCC_PARSE');
  });
});

describe('parseHostnames', () => {
  it('parses names, addresses and aliases', () => {
    expect(parseHostnames("NAME=nodeA-link0 IP=10.1.1.2 ALIASES='nodeA-0 nodeA'\nNAME=nodeB IP=10.1.1.3 ALIASES=''\n")).toEqual([
      { name: 'nodeA-link0', ip: '10.1.1.2', aliases: ['nodeA-0', 'nodeA'] },
      { name: 'nodeB', ip: '10.1.1.3', aliases: [] },
    ]);
  });
  it('refuses a line without IP', () => {
    expect(codeOf(() => parseHostnames('NAME=x\n'))).toBe('TMCC_PARSE');
  });
});

describe('parseMounts', () => {
  it('parses FSTYPE and mounts, reporting other lines', () => {
    const skipped: string[] = [];
    const r = parseMounts('FSTYPE=NFS\nREMOTE=fs:/q/proj/p LOCAL=/proj/p\nSFS REMOTE=x LOCAL=y\n', (l) => skipped.push(l));
    expect(r).toEqual({ fsType: 'NFS', mounts: [{ remote: 'fs:/q/proj/p', local: '/proj/p' }] });
    expect(skipped).toEqual(['SFS REMOTE=x LOCAL=y']);
  });
  it('refuses a mount without LOCAL', () => {
    expect(codeOf(() => parseMounts('REMOTE=fs:/x\n'))).toBe('TMCC_PARSE');
  });
});

describe('parseStatus', () => {
  it.each([
    ['FREE\n', { allocated: false }],
    ['ALLOCATED=myproj/myexp NICKNAME=nodeA\n', { allocated: true, pid: 'myproj', eid: 'myexp', nickname: 'nodeA' }],
    ['ALLOCATED=p/e\n', { allocated: true, pid: 'p', eid: 'e' }],
  ])('%j', (text, expected) => {
    expect(parseStatus(text)).toEqual(expected);
  });
  it.each([[''], ['ALLOCATED=nope\n'], ['garbage\n']])('refuses %j', (text) => {
    expect(codeOf(() => parseStatus(text))).toBe('TMCC_PARSE');
  });
});

describe('splitFullconfig', () => {
  it('splits sections, keeps empty ones, ignores lines outside', () => {
    const text = 'junk\n*** nodeid\npcvm1-1\n*** nodeid\n*** delay\n*** delay\n*** ifconfig\nA=1\nB=2\n*** ifconfig\n';
    expect([...splitFullconfig(text)]).toEqual([
      ['nodeid', 'pcvm1-1\n'],
      ['delay', ''],
      ['ifconfig', 'A=1\nB=2\n'],
    ]);
  });
  it('refuses a cut-off section', () => {
    expect(codeOf(() => splitFullconfig('*** nodeid\npcvm1-1\n'))).toBe('TMCC_PARSE');
  });
  it('ignores markers that are not command names', () => {
    expect([...splitFullconfig('*** ../etc\nx\n')]).toEqual([]);
  });
});
