import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { parseRequest } from '../../src/protocol/parse-request.js';
import { answerRequest } from '../../src/replies/answer.js';

const exp = loadExperiment('three-vnodes');
const LOOP = { address: '127.0.0.1', loopback: true };
const ask = (request: string, transport: 'tcp' | 'udp' = 'tcp') =>
  answerRequest(exp, parseRequest(request), LOOP, transport);
const reply = (request: string, transport: 'tcp' | 'udp' = 'tcp') => ask(request, transport).reply;
const asVnode = (id: string, cmd: string) => reply(`VNODEID=${id} VERSION=34 ${cmd} `);

describe('per-command replies (v34)', () => {
  it('nodeid and status for the host and a vnode', () => {
    expect(reply('VERSION=34 nodeid ')).toBe('pc1\n');
    expect(reply('VERSION=34 status ')).toBe('ALLOCATED=testbed/three-vnodes NICKNAME=vhost-0\n');
    expect(asVnode('pcvm1-2', 'status')).toBe('ALLOCATED=testbed/three-vnodes NICKNAME=node2\n');
  });

  it('status is FREE for a host without a nickname', () => {
    const free = { ...exp, host: { ...exp.host, nickname: undefined } };
    expect(answerRequest(free, parseRequest('VERSION=34 status '), LOOP, 'tcp').reply).toBe('FREE\n');
  });

  it('vnodelist: one line per vnode for the host, bare ids for version <= 6, nothing for a vnode', () => {
    expect(reply('VERSION=34 vnodelist ')).toBe(
      exp.vnodes.map((v) => `VNODEID=${v.vnodeId} JAILED=1\n`).join(''),
    );
    expect(reply('VERSION=6 vnodelist ')).toBe('pcvm1-1\npcvm1-2\npcvm1-3\n');
    expect(asVnode('pcvm1-1', 'vnodelist')).toBe('');
  });

  it('jailconfig: quoted strings, bare numbers, in fixture order; empty for the host', () => {
    const text = asVnode('pcvm1-1', 'jailconfig');
    expect(text.split('\n').slice(0, 4)).toEqual([
      'JAILIP="172.17.1.1,255.240.0.0"',
      'PORTRANGE="30000,30999"',
      'SSHDPORT=30022',
      'SYSVIPC=1',
    ]);
    expect(text).toContain('IPADDRS="10.1.1.2"\n');
    expect(reply('VERSION=34 jailconfig ')).toBe('');
  });

  it('jailconfig repeats a key given as an array', () => {
    const v = exp.vnodes[0];
    if (!v) throw new Error('fixture has no vnodes');
    const e = { ...exp, vnodes: [{ ...v, jailconfig: { ALLOWDEV: ['a', 'b'] } }] };
    expect(answerRequest(e, parseRequest(`VNODEID=${v.vnodeId} jailconfig `), LOOP, 'tcp').reply).toBe(
      'ALLOWDEV="a"\nALLOWDEV="b"\n',
    );
  });

  it('ifconfig: one veth line per LAN the vnode is on, no settings line (veths have none in tmcd)', () => {
    const lines = asVnode('pcvm1-2', 'ifconfig').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'INTERFACE IFACETYPE=veth INET=10.1.1.3 MASK=255.255.255.0 ID=1 VMAC=00000a010103 PMAC=00d0b7a1b2c4 RTABID=1 ENCAPSULATE=1 LAN=lan0 VTAG=101',
    );
    expect(lines[1]).toMatch(/^INTERFACE IFACETYPE=veth INET=10\.1\.2\.2 .* LAN=lan1 VTAG=102$/);
    expect(lines).toHaveLength(2);
    expect(asVnode('pcvm1-1', 'ifconfig').match(/^INTERFACE /gm)).toHaveLength(1);
  });

  it('hostnames: every experiment interface, aliases quoted', () => {
    const text = asVnode('pcvm1-3', 'hostnames');
    expect(text).toContain("NAME=node1-lan0 IP=10.1.1.2 ALIASES='node1-0 node1'\n");
    expect(text).toContain("NAME=node2-lan1 IP=10.1.2.2 ALIASES='node2-1  '\n");
    expect(text.trimEnd().split('\n')).toHaveLength(4);
  });

  it('accounts: groups, then each user with its pubkeys; TCP only', () => {
    const lines = asVnode('pcvm1-1', 'accounts').trimEnd().split('\n');
    expect(lines[0]).toBe('ADDGROUP NAME=testbed GID=6011');
    expect(lines).toContain(
      'ADDUSER LOGIN=alice PSWD=$1$Xk3f9Qw2$Yb1q0mQe6t6Yw7sWm3Zr8. UID=10042 GID=6011 ROOT=1 NAME="Alice Smith" ' +
        'HOMEDIR=/users/alice GLIST="6012" SERIAL=1735689600 EMAIL="alice@example.org" SHELL=tcsh',
    );
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'ADDGROUP NAME=testbed', 'ADDGROUP NAME=testbed-ops', 'ADDUSER LOGIN=alice', 'PUBKEY LOGIN=alice', 'ADDUSER LOGIN=bob', 'PUBKEY LOGIN=bob',
    ]);
    expect(reply('VNODEID=pcvm1-1 VERSION=34 accounts ', 'udp')).toBe('');
  });

  it('mounts: FSTYPE then REMOTE/LOCAL lines', () => {
    const lines = asVnode('pcvm1-1', 'mounts').trimEnd().split('\n');
    expect(lines[0]).toBe('FSTYPE=NFS');
    expect(lines[1]).toBe('REMOTE=fs.example.emulab.net:/q/proj/testbed LOCAL=/proj/testbed');
  });

  it('isalive, watchdoginfo, and verbatim extras', () => {
    expect(asVnode('pcvm1-1', 'isalive')).toBe('UPDATE=0\n');
    expect(asVnode('pcvm1-1', 'watchdoginfo')).toMatch(/^INTERVAL=\d+ ISALIVE=\d+ .*\n$/);
    expect(asVnode('pcvm1-1', 'creator')).toBe('CREATOR=alice SWAPPER=alice\n');
    // A known command with no data is an empty reply.
    expect(asVnode('pcvm1-1', 'rpms')).toBe('');
  });

  it('state: empty reply, reported as a state record for the caller', () => {
    expect(ask('VNODEID=pcvm1-3 VERSION=34 state ISUP ')).toMatchObject({ reply: '', state: { vnodeId: 'pcvm1-3', state: 'ISUP' } });
    expect(ask('VERSION=34 state ISUP ').state).toEqual({ vnodeId: 'pc1', state: 'ISUP' });
    expect(ask('VNODEID=pcvm1-3 VERSION=34 state ').state).toBeUndefined();
    expect(ask(`VNODEID=pcvm1-3 VERSION=34 state ${'A'.repeat(128)} `).state).toBeUndefined();
  });
});

describe('identity and refusals', () => {
  it('drops unknown vnodes, unknown commands, and REDIRECT to another node', () => {
    expect(ask('VNODEID=pcvm7-1 VERSION=34 nodeid ')).toEqual({ reply: '' });
    expect(ask('VERSION=34 nosuchthing ')).toEqual({ reply: '' });
    expect(reply('REDIRECT=10.10.1.1 VERSION=34 nodeid ')).toBe('pc1\n');
    expect(reply('REDIRECT=10.99.9.9 VERSION=34 nodeid ')).toBe('');
    expect(answerRequest(exp, parseRequest('REDIRECT=10.10.1.1 nodeid '), { address: '10.0.0.5', loopback: false }, 'tcp').reply).toBe('');
  });

  it('crashes (no reply) when an argument-reading command has no trailing space', () => {
    expect(ask('VNODEID=pcvm1-1 VERSION=34 mounts')).toMatchObject({ reply: '', crashed: true });
    expect(ask('VNODEID=pcvm1-1 VERSION=34 state')).toMatchObject({ crashed: true });
    // The argument itself needs no trailing space: only the command does.
    expect(ask('VNODEID=pcvm1-1 VERSION=34 state ISUP').state).toEqual({ vnodeId: 'pcvm1-1', state: 'ISUP' });
    // Handlers that ignore their argument answer anyway.
    expect(reply('VNODEID=pcvm1-1 VERSION=34 nodeid')).toBe('pcvm1-1\n');
  });
});

describe('fullconfig', () => {
  const split = (text: string): Map<string, string> => {
    const out = new Map<string, string>();
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^\*\*\* (\S+)$/.exec(lines[i] ?? '');
      if (!open?.[1]) continue;
      const end = lines.indexOf(lines[i] ?? '', i + 1);
      expect(end, `section ${open[1]} is closed`).toBeGreaterThan(i);
      out.set(open[1], lines.slice(i + 1, end).map((l) => `${l}\n`).join(''));
      i = end;
    }
    return out;
  };

  it('brackets every vnode section with the same marker, empty ones too, each equal to the command reply', () => {
    const sections = split(asVnode('pcvm1-2', 'fullconfig'));
    expect([...sections.keys()]).toContain('jailconfig');
    expect(sections.get('rpms')).toBe('');
    for (const cmd of ['nodeid', 'ifconfig', 'accounts', 'mounts', 'jailconfig', 'watchdoginfo', 'creator']) {
      expect(sections.get(cmd), cmd).toBe(asVnode('pcvm1-2', cmd));
    }
    expect(sections.has('vnodelist')).toBe(false);
    expect(sections.has('hostnames')).toBe(false);
  });

  it('gives the host the physical sections', () => {
    const sections = split(reply('VERSION=34 fullconfig '));
    expect(sections.get('vnodelist')).toBe(reply('VERSION=34 vnodelist '));
    expect(sections.has('jailconfig')).toBe(false);
  });

  it('leaves accounts empty inside a UDP fullconfig', () => {
    expect(split(reply('VNODEID=pcvm1-1 VERSION=34 fullconfig ', 'udp')).get('accounts')).toBe('');
  });
});
