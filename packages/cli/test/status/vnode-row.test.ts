import type { StepRecord } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { managerLogFacts } from '../../src/status/manager-log-facts.js';
import { controlIpOf, deriveState, experimentIpsOf, limitsOf, vnodeBackend, vnodeRow, type VnodeFacts } from '../../src/status/vnode-row.js';

const rec = (step: string, phase: 'runtime' | 'persistent', params: unknown = {}): StepRecord =>
  ({ seq: 1, session: 1, step, phase, params, status: 'done', result: undefined });

const facts = (o: Partial<VnodeFacts>): VnodeFacts => ({
  vnodeId: 'pcvm1-1', jailed: true, configuredBackend: 'linux-vserver', present: true, manager: { kind: 'none' },
  inPlace: [], log: {}, logFile: '/l', initAlive: () => true, now: 0, backendView: { state: 'stopped' }, ...o,
});

describe('deriveState', () => {
  it.each<[string, Partial<VnodeFacts>, string]>([
    ['a live manager with the running marker', { manager: { kind: 'running', pid: 5 }, runningSince: 1 }, 'running'],
    ['a live manager without it', { manager: { kind: 'running', pid: 5 } }, 'booting'],
    ['a garbage pid file', { manager: { kind: 'bad-pid-file' } }, 'orphaned'],
    ['a dead manager (kill -9) with runtime steps in place', { manager: { kind: 'stale', pid: 5 }, inPlace: [rec('linux.veth', 'runtime')] }, 'orphaned'],
    ['a halted vnode: its disk only', { inPlace: [rec('core.mkdir', 'persistent')] }, 'halted'],
    ['a setup error in its latest run', { log: { startedAt: 10, lastError: { time: 12, reason: 'x' } } }, 'failed'],
    ['an error from an earlier run only', { log: { startedAt: 20, lastError: { time: 12, reason: 'x' } } }, 'halted'],
    ['gone, but the last bootvnodes says it failed', { present: false, summaryFailure: { at: 30, reason: 'y' } }, 'failed'],
    ['no manager, no runtime step, but the backend sees it running', { manager: { kind: 'none' }, backendView: { state: 'running' } }, 'orphaned'],
    ['a live manager: the backend\'s view does not override it', { manager: { kind: 'running', pid: 5 }, runningSince: 1, backendView: { state: 'stopped' } }, 'running'],
    ['a failed boot that kept its disk (the manager\'s failed marker)', { inPlace: [rec('linux.root-fs', 'persistent')], failedMarker: { at: 40, reason: 'z' } }, 'failed'],
  ])('%s', (_, f, state) => {
    expect(deriveState(facts(f)).state).toBe(state);
  });

  it('tells how to clean up an orphan, with the right kind flag', () => {
    expect(deriveState(facts({ jailed: false, manager: { kind: 'stale', pid: 5 }, inPlace: [rec('core.startProcess', 'runtime')] })).hint)
      .toContain('`vnodesetup -i -h pcvm1-1`');
  });
});

describe('row details', () => {
  it("shows the backend's own view, or why it could not be asked", () => {
    expect(vnodeRow(facts({ backendView: { state: 'absent' } }))).toMatchObject({ backendState: 'absent', hint: null });
    expect(vnodeRow(facts({ backendView: { error: 'backend "freebsd-jail" is not installed' } })))
      .toMatchObject({ backendState: null, hint: 'its backend could not be asked: backend "freebsd-jail" is not installed' });
  });

  it("gives the failed marker's reason as the last error", () => {
    const row = vnodeRow(facts({ failedMarker: { at: 40, reason: 'step linux.vnode-process failed: timeout' } }));
    expect(row.lastError).toEqual({ at: new Date(40).toISOString(), reason: 'step linux.vnode-process failed: timeout' });
  });

  it.each([
    [[rec('linux.veth', 'runtime')], true, 'linux-vserver'],
    [[rec('fbsd.jail', 'runtime')], true, 'freebsd-jail'],
    [[], true, 'linux-vserver'],
    [[rec('core.mkdir', 'persistent')], false, 'process'],
  ] as const)('backend of %j (jailed %s) is %s', (steps, jailed, want) => {
    expect(vnodeBackend(steps, jailed, 'linux-vserver')).toBe(want);
  });

  it('reads IPs from the tmcc cache and limits from the journal', () => {
    expect(controlIpOf('JAILIP="172.17.1.1,255.240.0.0"\nSSHDPORT=1\n')).toBe('172.17.1.1');
    expect(controlIpOf(undefined)).toBeNull();
    expect(experimentIpsOf('INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 LAN=lan0\nINTERFACE_SETTING MAC=x\n'))
      .toEqual([{ ip: '10.1.1.2', lan: 'lan0' }]);
    expect(limitsOf([rec('linux.cgroup', 'runtime', { limits: { memoryBytes: 5 } })])).toEqual({ memoryBytes: 5 });
    expect(limitsOf([rec('linux.cgroup', 'runtime', { limits: {} })])).toBeNull();
  });
});

describe('managerLogFacts', () => {
  const L = (time: number, o: Record<string, unknown>) => JSON.stringify({ level: 30, time, pid: 9, hostname: 'h', ...o });
  it('reads only the latest run of the manager', () => {
    const text = [
      L(1, { msg: 'manager started' }), JSON.stringify({ level: 50, time: 2, pid: 9, msg: 'old failure' }),
      L(10, { msg: 'manager started' }), L(11, { msg: 'reported state to boss', state: 'BOOTING' }),
      `{"level":30,"time":12,"pid":9,"hostname":"h","vnode":"v","pid":77,"msg":"vnode booted"}`,
      L(13, { msg: 'request', command: 'state', outcome: 'ok' }),
    ].join('\n');
    expect(managerLogFacts(text)).toEqual({ startedAt: 10, initPid: 77, bossState: 'ISUP' });
  });
});
