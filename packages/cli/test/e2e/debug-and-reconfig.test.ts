import * as fsp from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exists, startTestHost, type TestHost } from '../helpers/host.js';

let host: TestHost;
beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  await host.cleanup();
});

describe('vnodesetup -d', () => {
  it('runs the manager in the foreground; TERM halts it', { timeout: 60_000 }, async () => {
    const ID = 'pcvm1-1';
    const m = host.spawn('vnodesetup', ['-i', '-d', ID]);
    await host.boss.waitForState(ID, 'ISUP', 30_000);
    expect(Number((await fsp.readFile(host.paths(ID).pidFile, 'utf8')).split('\n')[0])).toBe(m.pid);
    process.kill(m.pid, 'SIGTERM');
    const r = await m.done;
    expect(r.code, r.stderr).toBe(0);
    // The manager's log, readable, on the terminal too (not only in its file).
    expect(r.stderr).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  reported state to boss {2}.*state=BOOTING/m);
    expect(host.states(ID)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN']);
    expect(await exists(host.paths(ID).pidFile)).toBe(false);
    expect(await exists(host.paths(ID).configDir)).toBe(true);
  });
});

describe('bootvnodes -c', () => {
  it('reboots the vnodes boss still wants and kills the one it dropped', { timeout: 90_000 }, async () => {
    const boot = await host.run('bootvnodes', ['-f']);
    expect(boot.code, boot.stderr).toBe(0);
    // A halted vnode boss no longer lists (its config dir is all that is left).
    const gone = host.paths('pcvm9-9');
    await fsp.mkdir(`${gone.configDir}/root`, { recursive: true });
    const r = await host.run('bootvnodes', ['-f', '-c']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \(\d+\.\ds\)$/, '')).sort()).toEqual([
      'kill pcvm9-9: ok',
      'reboot pcvm1-1: ok',
      'reboot pcvm1-2: ok',
      'reboot pcvm1-3: ok',
    ]);
    for (const id of ['pcvm1-1', 'pcvm1-2', 'pcvm1-3']) {
      expect(host.states(id)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP']);
    }
    expect(await exists(gone.configDir)).toBe(false);
  });
});
