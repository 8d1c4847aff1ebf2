import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exists, groupAlive, isAlive, journaledPids, startTestHost, waitUntil, type TestHost } from '../helpers/host.js';

// A manager killed with SIGKILL leaves a stale pid file and a journal; vnodesetup
// -k must undo everything the journal recorded (files, dirs, processes).
const ID = 'pcvm1-2';
let host: TestHost;

beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  await host.cleanup();
});

async function managerPid(): Promise<number> {
  return Number((await fsp.readFile(host.paths(ID).pidFile, 'utf8')).split('\n')[0]);
}

async function expectNothingLeft(rcs: readonly number[]): Promise<void> {
  const p = host.paths(ID);
  expect(await exists(p.pidFile)).toBe(false);
  expect(await exists(p.configDir)).toBe(false);
  expect(await exists(p.cache)).toBe(false);
  await waitUntil('the rc process groups to go', () => rcs.every((pid) => !groupAlive(pid)));
}

describe('vnodesetup -k after a manager crash', () => {
  it('undoes a running vnode whose manager was SIGKILLed', { timeout: 60_000 }, async () => {
    const boot = await host.run('vnodesetup', ['-i', '-b', ID]);
    expect(boot.code, boot.stderr).toBe(0);
    const p = host.paths(ID);
    const rcs = await journaledPids(p.journal);
    expect(rcs.length).toBe(1);
    // Real things the journal recorded: the vnode root with its rc, the tmcc cache, a process.
    expect(await exists(path.join(p.configDir, 'root/rc.tbvnode'))).toBe(true);
    expect(await exists(p.cache)).toBe(true);

    const mpid = await managerPid();
    process.kill(mpid, 'SIGKILL');
    await waitUntil('the manager to die', () => !isAlive(mpid));
    // The stale pid file stays; the vnode's rc keeps running without its manager.
    expect(await exists(p.pidFile)).toBe(true);
    expect(rcs.every((pid) => groupAlive(pid))).toBe(true);

    const kill = await host.run('vnodesetup', ['-i', '-k', ID]);
    expect(kill.code, kill.stderr).toBe(0);
    await expectNothingLeft(rcs);
    expect(host.states(ID).at(-1)).toBe('SHUTDOWN');
  });

  it('undoes a vnode whose manager was SIGKILLed during setup', { timeout: 60_000 }, async () => {
    // Hold every later `state` report, so setup stops between starting the rc
    // and the rc's ISUP: the manager dies with the boot half done.
    host.boss.on('state', (s) => {
      if (s.vnodeId === ID && s.state === 'BOOTING') {
        void host.boss.setFaults([{ kind: 'delay', ms: 60_000, match: { command: 'state', vnodeId: ID } }]);
      }
    });
    const p = host.paths(ID);
    const boot = host.run('vnodesetup', ['-i', '-b', '--wait', '30', ID]);
    await waitUntil('the rc to be started and journaled', async () => (await journaledPids(p.journal)).length > 0);
    const rcs = await journaledPids(p.journal);
    // Freeze the rc's group (we started it): its tmcc may be waiting on the held
    // ISUP through the manager's proxy, and a proxy that dies with its manager
    // ends the reply with a bare EOF, which tmcc reads as state's empty answer;
    // the rc would then mark the vnode running after its manager died.
    for (const pid of rcs) process.kill(-pid, 'SIGSTOP');
    expect(await exists(p.marker)).toBe(false);
    const mpid = await managerPid();
    process.kill(mpid, 'SIGKILL');
    // vnodesetup -b sees its manager exit and fails.
    expect((await boot).code).not.toBe(0);
    for (const pid of rcs) process.kill(-pid, 'SIGCONT');
    await host.boss.setFaults([]);

    const kill = await host.run('vnodesetup', ['-i', '-k', ID]);
    expect(kill.code, kill.stderr).toBe(0);
    await expectNothingLeft(rcs);
    expect(host.states(ID)).not.toContain('ISUP');
  });

  it('-b after a crash clears the stale pid file and boots again', { timeout: 60_000 }, async () => {
    expect((await host.run('vnodesetup', ['-i', '-b', ID])).code).toBe(0);
    const first = await journaledPids(host.paths(ID).journal);
    const mpid = await managerPid();
    process.kill(mpid, 'SIGKILL');
    await waitUntil('the manager to die', () => !isAlive(mpid));
    const again = await host.run('vnodesetup', ['-i', '-b', ID]);
    expect(again.code, again.stderr).toBe(0);
    expect(await managerPid()).not.toBe(mpid);
    // The new manager stopped the old rc (a runtime step of the dead manager).
    await waitUntil('the old rc to go', () => first.every((pid) => !groupAlive(pid)));
    expect(host.states(ID).slice(-2)).toEqual(['BOOTING', 'ISUP']);
  });
});
