import { describe, expect, it } from 'vitest';
import { planProbes, type VnodeUnderTest } from '../../src/demo/checks.js';
import { formatStatusTable } from '../../src/demo/status-table.js';
import { ECHO_PORT, echoClientArgv, echoServerArgv, nodeInsideVnode } from '../../src/demo/echo-probe.js';
import { preflightLine } from '../../src/demo/preflight.js';

const v = (vnodeId: string, lans: Array<[string, string]>): VnodeUnderTest => ({
  vnodeId, initPid: 1, managerPid: 2, controlIp: '172.17.0.1', lans: lans.map(([lan, ip]) => ({ lan, ip })),
});

describe('planProbes', () => {
  it('probes every ordered pair that shares a LAN, at the peer address on that LAN', () => {
    const a = v('a', [['lan0', '10.1.1.2']]);
    const b = v('b', [['lan0', '10.1.1.3'], ['lan1', '10.1.2.2']]);
    const c = v('c', [['lan1', '10.1.2.3']]);
    expect(planProbes([a, b, c])).toEqual([
      { from: 'a', to: 'b', ip: '10.1.1.3', lan: 'lan0' },
      { from: 'b', to: 'a', ip: '10.1.1.2', lan: 'lan0' },
      { from: 'b', to: 'c', ip: '10.1.2.3', lan: 'lan1' },
      { from: 'c', to: 'b', ip: '10.1.2.2', lan: 'lan1' },
    ]);
  });
  it('plans nothing for vnodes without a common LAN', () => {
    expect(planProbes([v('a', [['lan0', '10.0.0.1']]), v('b', [['lan9', '10.0.9.1']]), v('c', [])])).toEqual([]);
  });
});

describe('formatStatusTable', () => {
  it('aligns columns under their headers', () => {
    const text = formatStatusTable([
      { vnodeId: 'pcvm1-1', bossState: 'ISUP', managerPid: '123', controlIp: '172.17.1.1', experimentIps: ['10.1.1.2 (lan0)'] },
      { vnodeId: 'pcvm1-10', bossState: 'BOOTING', managerPid: '45', controlIp: '172.17.1.10', experimentIps: [] },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^vnode {5}state at boss {2}manager pid {2}control IP {3}experiment IPs$/);
    expect(lines[2]).toBe('pcvm1-1   ISUP           123          172.17.1.1   10.1.1.2 (lan0)');
    expect(lines[3]).toBe('pcvm1-10  BOOTING        45           172.17.1.10  -');
  });
});

describe('preflightLine', () => {
  it.each([
    [{ usable: true, checks: [{ name: 'root', ok: true }] }, undefined],
    [
      { usable: false, checks: [{ name: 'command ip', ok: false, detail: 'install iproute2' }, { name: 'command nsenter', ok: true }] },
      'demo: this host cannot run Linux vnodes yet: command ip (install iproute2); on Debian: apt-get install iproute2',
    ],
    [
      {
        usable: false,
        checks: [
          { name: 'command unshare', ok: false, detail: 'install util-linux' },
          { name: 'command mount', ok: false, detail: 'install util-linux' },
          { name: 'net namespace', ok: false, detail: 'kernel built without CONFIG_NET_NS' },
        ],
      },
      'demo: this host cannot run Linux vnodes yet: command unshare (install util-linux), command mount (install util-linux), ' +
        'net namespace (kernel built without CONFIG_NET_NS); on Debian: apt-get install util-linux',
    ],
  ])('%# names what is missing in one line', (report, line) => {
    expect(preflightLine(report)).toBe(line);
  });
});

describe('echo probe argv', () => {
  it('runs the node the backend mounts inside the vnode', () => {
    expect(nodeInsideVnode('/usr/local/bin/node')).toBe('/opt/tbvnode/node/node');
    expect(echoClientArgv('/opt/tbvnode/node/node', '10.1.1.3').slice(-2)).toEqual(['10.1.1.3', String(ECHO_PORT)]);
    expect(echoServerArgv('/opt/tbvnode/node/node', ['10.1.1.2', '10.1.2.2'], 9).slice(-3)).toEqual(['9', '10.1.1.2', '10.1.2.2']);
  });
});
