import { describe, expect, it } from 'vitest';
import { planPings, type VnodeUnderTest } from '../../src/demo/checks.js';
import { formatStatusTable } from '../../src/demo/status-table.js';

const v = (vnodeId: string, lans: Array<[string, string]>): VnodeUnderTest => ({
  vnodeId, initPid: 1, managerPid: 2, controlIp: '172.17.0.1', lans: lans.map(([lan, ip]) => ({ lan, ip })),
});

describe('planPings', () => {
  it('pings every ordered pair that shares a LAN, at the peer address on that LAN', () => {
    const a = v('a', [['lan0', '10.1.1.2']]);
    const b = v('b', [['lan0', '10.1.1.3'], ['lan1', '10.1.2.2']]);
    const c = v('c', [['lan1', '10.1.2.3']]);
    expect(planPings([a, b, c])).toEqual([
      { from: 'a', to: 'b', ip: '10.1.1.3', lan: 'lan0' },
      { from: 'b', to: 'a', ip: '10.1.1.2', lan: 'lan0' },
      { from: 'b', to: 'c', ip: '10.1.2.3', lan: 'lan1' },
      { from: 'c', to: 'b', ip: '10.1.2.2', lan: 'lan1' },
    ]);
  });
  it('plans nothing for vnodes without a common LAN', () => {
    expect(planPings([v('a', [['lan0', '10.0.0.1']]), v('b', [['lan9', '10.0.9.1']]), v('c', [])])).toEqual([]);
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
