import * as fsp from 'node:fs/promises';
import { parsePidFile } from '@tbvnode/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exists, groupAlive, isAlive, journaledPids, startTestHost, waitUntil, type TestHost } from '../helpers/host.js';

// Acceptance: the 3-vnode experiment through the real bins with the process
// backend and the boss simulator.
const IDS = ['pcvm1-1', 'pcvm1-2', 'pcvm1-3'];
let host: TestHost;

beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  await host.cleanup();
});

describe('bootvnodes and vnodesetup with the process backend', () => {
  it('boots, halts, boots, reboots and kills the 3-vnode experiment', { timeout: 120_000 }, async () => {
    const boot = await host.run('bootvnodes', ['-f']);
    expect(boot.code, boot.stderr).toBe(0);
    for (const id of IDS) {
      expect(host.states(id)).toEqual(['BOOTING', 'ISUP']);
      expect(await exists(host.paths(id).pidFile)).toBe(true);
      expect(await exists(host.paths(id).marker)).toBe(true);
    }
    const [first] = IDS as [string];
    const p = host.paths(first);
    const rcBefore = await journaledPids(p.journal);
    expect(rcBefore.length).toBeGreaterThan(0);

    // -h: SHUTDOWN, config dir (and the vnode's root) kept, manager and rc gone.
    const halt = await host.run('vnodesetup', ['-j', '-h', first]);
    expect(halt.code, halt.stderr).toBe(0);
    expect(host.states(first).at(-1)).toBe('SHUTDOWN');
    expect(await exists(p.configDir)).toBe(true);
    expect(await exists(`${p.configDir}/root`)).toBe(true);
    expect(await exists(p.pidFile)).toBe(false);
    // Processes exit (and get reaped) just after the manager lets go: wait, with a deadline.
    await waitUntil('the halted rc and its children to go', () => rcBefore.every((pid) => !groupAlive(pid)));

    // -b: back again.
    const again = await host.run('vnodesetup', ['-j', '-b', first]);
    expect(again.code, again.stderr).toBe(0);
    expect(host.states(first).slice(-2)).toEqual(['BOOTING', 'ISUP']);
    const managerPid = Number((await fsp.readFile(p.pidFile, 'utf8')).split('\n')[0]);
    // The manager is its own bin; its pid file records that argv for the recycled-pid check.
    const argv = parsePidFile(await fsp.readFile(p.pidFile, 'utf8'))?.argv ?? [];
    expect(argv.some((a) => a.endsWith('/bin/tbvnode-manager.js')), argv.join(' ')).toBe(true);
    expect(argv.at(-1)).toBe(first);
    expect(argv).not.toContain('--manager');

    // -r (USR2): the same manager cycles the vnode.
    const reboot = await host.run('vnodesetup', ['-j', '-r', first]);
    expect(reboot.code, reboot.stderr).toBe(0);
    expect(host.states(first).slice(-3)).toEqual(['SHUTDOWN', 'BOOTING', 'ISUP']);
    expect(Number((await fsp.readFile(p.pidFile, 'utf8')).split('\n')[0])).toBe(managerPid);

    const status = await host.run('tbvnode', ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { version: number; vnodes: Array<{ vnodeId: string; manager: string; state: string; backend: string; bossState: string }> };
    expect(report.version).toBe(1);
    expect(report.vnodes.map((r) => [r.vnodeId, r.manager, r.state, r.backend])).toEqual(IDS.map((id) => [id, 'running', 'running', 'process']));

    // bootvnodes -k: SHUTDOWN for each, and nothing left.
    const managers = await Promise.all(IDS.map(async (id) => Number((await fsp.readFile(host.paths(id).pidFile, 'utf8')).split('\n')[0])));
    const rcs = (await Promise.all(IDS.map((id) => journaledPids(host.paths(id).journal)))).flat();
    const kill = await host.run('bootvnodes', ['-f', '-k']);
    expect(kill.code, kill.stderr).toBe(0);
    for (const id of IDS) {
      expect(host.states(id).at(-1)).toBe('SHUTDOWN');
      expect(await exists(host.paths(id).pidFile)).toBe(false);
      expect(await exists(host.paths(id).configDir)).toBe(false);
      expect(await exists(host.paths(id).cache)).toBe(false);
    }
    await waitUntil('the managers to exit', () => managers.every((pid) => !isAlive(pid)));
    await waitUntil('every rc process group to go', () => rcs.every((pid) => !groupAlive(pid)));
  });

  it('refuses bad ids before touching anything', async () => {
    for (const bad of ['../x', 'a b', ';id', '', 'x'.repeat(300)]) {
      const r = await host.run('vnodesetup', ['-j', '-b', bad]);
      expect(r.code).toBe(65);
      expect(r.stderr).toContain('invalid vnode id');
    }
    expect(await exists(`${host.root}/var`)).toBe(false);
    expect(host.boss.requests).toEqual([]);
  });

  it('names the package to install for a backend that is not installed', async () => {
    const r = await host.run('vnodesetup', ['--backend', '@tbvnode/backend-not-installed', '-j', '-b', 'pcvm1-1']);
    expect(r.code).toBe(69);
    expect(r.stderr).toContain('npm install @tbvnode/backend-not-installed');
  });
});
