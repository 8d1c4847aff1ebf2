// Every section the simulator answers, line by line, against the format string of
// the tmcd.c function that produces it (Emulab tmcd/tmcd.c, protocol version 34),
// for the bundled fixture and for generated experiments.
import { describe, expect, it } from 'vitest';
import { generateExperiment } from '../../src/experiment/generate.js';
import { loadExperiment } from '../../src/experiment/load.js';
import type { Experiment } from '../../src/experiment/types.js';
import { renderAccounts, renderHostnames, renderIfconfig } from '../../src/replies/formats.js';
import { renderSection, type Caller } from '../../src/replies/sections.js';

const MAC = '[0-9a-f]{12}';
// Per command: the patterns one reply line may match (anchored).
const FORMATS: Record<string, RegExp[]> = {
  // donodeid: "%s\n"
  nodeid: [/^[-\w]+$/],
  // dostatus: "FREE" or "ALLOCATED=%s/%s NICKNAME=%s"
  status: [/^FREE$/, /^ALLOCATED=[-\w]+\/[-\w]+ NICKNAME=[-\w]+$/],
  // dovnodelist (vers > 6): "VNODEID=%s JAILED=%s"
  vnodelist: [/^VNODEID=[-\w]+ JAILED=[01]$/],
  // dojailconfig: JAILIP="%s,%s" PORTRANGE="%d,%d" SSHDPORT=%d flags=1 ROUTING/DEVMEM=%d EVENTSERVER="event-server.%s" IPADDRS="..."
  jailconfig: [
    /^JAILIP="[\d.]+,[\d.]+"$/, /^PORTRANGE="\d+,\d+"$/, /^SSHDPORT=\d+$/,
    /^(SYSVIPC|INETRAW|BPFRO|INADDRANY|IPFW|IPDIVERT)=1$/, /^(ROUTING|DEVMEM)=[01]$/,
    /^EVENTSERVER="event-server\.[-\w.]+"$/, /^VDSIZE=\d+$/, /^IPADDRS="([\d.]+(,[\d.]+)*)?"$/,
  ],
  // doifconfig: physical "INTERFACE IFACETYPE=%s INET=%s MASK=%s MAC=%s SPEED=%s%s DUPLEX=%s IFACE=%s RTABID=%s LAN=%s",
  // "INTERFACE_SETTING MAC=%s KEY='%s' VAL='%s'", virtual "INTERFACE IFACETYPE=%s INET=%s MASK=%s ID=%s VMAC=%s PMAC=%s RTABID=%s ENCAPSULATE=%d LAN=%s VTAG=%s"
  ifconfig: [
    new RegExp(`^INTERFACE IFACETYPE=\\w+ INET=[\\d.]* MASK=[\\d.]* MAC=${MAC} SPEED=\\d+Mbps DUPLEX=\\w+ IFACE=\\S* RTABID=\\d* LAN=\\S*$`),
    new RegExp(`^INTERFACE_SETTING MAC=${MAC} KEY='[^']*' VAL='[^']*'$`),
    new RegExp(`^INTERFACE IFACETYPE=(veth|vlan|alias|loop) INET=[\\d.]+ MASK=[\\d.]+ ID=\\d+ VMAC=${MAC} PMAC=(${MAC}|none) RTABID=\\d+ ENCAPSULATE=[01] LAN=\\S+ VTAG=\\d+$`),
  ],
  // dohosts: "NAME=%s-%s IP=%s ALIASES='%s-%i %s'" (the last %s is the vname or " ")
  hostnames: [/^NAME=([-\w]+)-[-\w]+ IP=\d+\.\d+\.\d+\.\d+ ALIASES='\1-\d+ (\1| )'$/],
  // doaccounts: rc.accounts' own patterns for these lines
  accounts: [
    /^ADDGROUP NAME=[-\w]+ GID=\d+$/,
    /^ADDUSER LOGIN=([-\w]+) PSWD=[^:\s]+ UID=\d+ GID=\d+ ROOT=[01] NAME="[^"]*" HOMEDIR=\/users\/\1 GLIST="(\d+(,\d+)*)?" SERIAL=\d+ EMAIL="[-\w@.+]+" SHELL=[-\w]*$/,
    /^PUBKEY LOGIN=[-\w]+ KEY="[^"]*"$/,
  ],
  // domounts (vers >= 32): "FSTYPE=%s" then "REMOTE=%s LOCAL=%s"
  mounts: [/^FSTYPE=(NFS|NFS-RACY|SFS|LOCAL)$/, /^REMOTE=\S+ LOCAL=\/\S+$/],
  // doisalive: "UPDATE=%d"
  isalive: [/^UPDATE=[01]$/],
  // dodoginfo
  watchdoginfo: [/^INTERVAL=\d+ ISALIVE=\d+ NTPDRIFT=\d+ CVSUP=\d+ RUSAGE=\d+ HOSTKEYS=\d+ DHCPDCONF=\d+( SETROOTPSWD=\d+)?$/],
  // docreator (vers > 20): "CREATOR=%s SWAPPER=%s"
  creator: [/^CREATOR=[-\w]+ SWAPPER=[-\w]+$/],
  // dorouting: "ROUTERTYPE=%s" first
  routing: [/^ROUTERTYPE=\w+$/],
  // dosyncserver: "SYNCSERVER SERVER='%s.%s.%s.%s' ISSERVER=%d"
  syncserver: [/^SYNCSERVER SERVER='[-\w]+\.[-\w]+\.[-\w]+\.[-\w.]+' ISSERVER=[01]$/],
  // dokeyhash: "KEYHASH HASH='%s'" (libtmcc reads [\w]*)
  keyhash: [/^KEYHASH HASH='\w*'$/],
  // doeventkey: "EVENTKEY KEY='%s'"
  eventkey: [/^EVENTKEY KEY='[^']*'$/],
  // dofwinfo: "TYPE=none" or "TYPE=remote FWIP=%s" ...
  firewallinfo: [/^TYPE=none$/, /^TYPE=remote FWIP=[\d.]+$/],
};

const experiments: Array<[string, Experiment]> = [
  ['three-vnodes', loadExperiment('three-vnodes')],
  ['generated 7/3', generateExperiment({ vnodes: 7, lans: 3 })],
  ['generated 2/0', generateExperiment({ vnodes: 2, lans: 0 })],
];
const cases = experiments.flatMap(([name, exp]) => {
  const callers: Array<[string, Caller]> = [['host', { kind: 'phys' }], ...exp.vnodes.map((v): [string, Caller] => [v.vnodeId, { kind: 'virt', vnode: v }])];
  return Object.keys(FORMATS).flatMap((cmd) => callers.map(([who, caller]) => [name, who, cmd, exp, caller] as const));
});

describe('every reply line has its tmcd.c format', () => {
  it.each(cases)('%s %s %s', (_name, _who, cmd, exp, caller) => {
    const text = renderSection(cmd, { experiment: exp, caller, transport: 'tcp', version: 34 });
    const patterns = FORMATS[cmd] ?? [];
    for (const line of text.split('\n').slice(0, -1)) {
      expect(patterns.some((p) => p.test(line)), `${cmd} line ${JSON.stringify(line)}`).toBe(true);
    }
    expect(text === '' || text.endsWith('\n')).toBe(true);
  });
});

describe('doaccounts', () => {
  it('SERIAL is a UNIX timestamp, digits only (rc.accounts: SERIAL=(\\d+))', () => {
    const text = renderSection('accounts', { experiment: experiments[0]![1], caller: { kind: 'virt', vnode: experiments[0]![1].vnodes[0]! }, transport: 'tcp', version: 34 });
    expect(text).toContain(' SERIAL=1735689600 EMAIL="alice@example.org" SHELL=tcsh\n');
    expect(text).not.toMatch(/SERIAL=\S*[^\d\s]/);
  });

  it('each user\'s PUBKEY lines follow its ADDUSER line', () => {
    const text = renderAccounts({
      groups: [{ name: 'g', gid: 600 }],
      users: [
        { login: 'a', pswd: '*', uid: 1, gid: 600, root: false, name: 'A', homedir: '/users/a', glist: [], serial: 1, email: 'a@x', shell: 'sh' },
        { login: 'b', pswd: '*', uid: 2, gid: 600, root: true, name: 'B', homedir: '/users/b', glist: [601, 602], serial: 2, email: 'b@x', shell: 'sh' },
      ],
      pubkeys: [{ login: 'b', key: 'kb' }, { login: 'a', key: 'ka1' }, { login: 'a', key: 'ka2' }],
    });
    expect(text.split('\n').map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'ADDGROUP NAME=g', 'ADDUSER LOGIN=a', 'PUBKEY LOGIN=a', 'PUBKEY LOGIN=a', 'ADDUSER LOGIN=b', 'PUBKEY LOGIN=b', '',
    ]);
    expect(text).toContain('GLIST="601,602" SERIAL=2 ');
  });
});

describe('doifconfig', () => {
  const veth = { IFACETYPE: 'veth', INET: '10.1.1.2', MASK: '255.255.255.0', ID: 1, VMAC: '00000a010102', PMAC: '00d0b7a1b2c4', RTABID: 1, ENCAPSULATE: 1, LAN: 'lan0', VTAG: 1 };
  const phys = { IFACETYPE: 'em', INET: '10.2.1.2', MASK: '255.255.255.0', MAC: '00d0b7a1b2c5', SPEED: '1000Mbps', DUPLEX: 'full', IFACE: '', RTABID: '', LAN: 'lan9' };
  const carrier = { IFACETYPE: 'ixgbe', INET: '', MASK: '', MAC: '00d0b7a1b2c4', SPEED: '10000Mbps', DUPLEX: 'full', IFACE: '', RTABID: '', LAN: '' };

  it('a veth-only vnode gets no INTERFACE_SETTING line, not even for its own VMAC', () => {
    const text = renderIfconfig([veth], [{ mac: '00000a010102', key: 'mtu', val: '1500' }]);
    expect(text).not.toContain('INTERFACE_SETTING');
    for (const exp of experiments) {
      for (const v of exp[1].vnodes) {
        expect(renderSection('ifconfig', { experiment: exp[1], caller: { kind: 'virt', vnode: v }, transport: 'tcp', version: 34 })).not.toContain('INTERFACE_SETTING');
      }
    }
  });

  it('order: addressed physical, settings, carriers, virtual', () => {
    const text = renderIfconfig([veth, carrier, phys], [{ mac: '00d0b7a1b2c5', key: 'mtu', val: '9000' }]);
    expect(text.split('\n').map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'INTERFACE IFACETYPE=em INET=10.2.1.2',
      "INTERFACE_SETTING MAC=00d0b7a1b2c5 KEY='mtu'",
      'INTERFACE IFACETYPE=ixgbe INET=',
      'INTERFACE IFACETYPE=veth INET=10.1.1.2',
      '',
    ]);
  });
});

describe('dohosts', () => {
  it("a host without the bare-vname alias gets a space in its place: ALIASES='node2-1  '", () => {
    expect(renderHostnames([{ name: 'node2-lan1', ip: '10.1.2.2', aliases: ['node2-1'] }])).toBe("NAME=node2-lan1 IP=10.1.2.2 ALIASES='node2-1  '\n");
    expect(renderHostnames([{ name: 'node1-lan0', ip: '10.1.1.2', aliases: ['node1-0', 'node1'] }])).toBe("NAME=node1-lan0 IP=10.1.1.2 ALIASES='node1-0 node1'\n");
  });
});

describe('domounts and dojailconfig', () => {
  const exp = experiments[0]![1];
  const vnode = exp.vnodes[0]!;
  it('no group mount when the experiment group is the project itself', () => {
    expect(renderSection('mounts', { experiment: exp, caller: { kind: 'virt', vnode }, transport: 'tcp', version: 34 })).not.toContain('/groups/');
  });
  it('an unjailed vnode gets no jailconfig', () => {
    expect(renderSection('jailconfig', { experiment: exp, caller: { kind: 'virt', vnode: { ...vnode, jailed: false } }, transport: 'tcp', version: 34 })).toBe('');
  });
});
