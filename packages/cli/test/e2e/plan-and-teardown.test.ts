// bootvnodes --dry-run and tbvnode host teardown through the real bins.
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

const lines = (s: string) => s.split('\n').filter(Boolean).sort();

describe('bootvnodes --dry-run', () => {
  it('prints the boot plan and changes nothing', { timeout: 60_000 }, async () => {
    const r = await host.run('bootvnodes', ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'would boot pcvm1-1', 'would boot pcvm1-2', 'would boot pcvm1-3', 'would prepare the host (unless already prepared this boot)',
    ]);
    expect(await exists(host.paths('pcvm1-1').configDir)).toBe(false);
    expect(host.states('pcvm1-1')).toEqual([]);
  });

  it('with -c: reboot what boss still wants, kill what it dropped, boot what is new', { timeout: 60_000 }, async () => {
    expect((await host.run('vnodesetup', ['-i', '-b', 'pcvm1-1'])).code).toBe(0);
    await fsp.mkdir(`${host.paths('pcvm9-9').configDir}/root`, { recursive: true });
    const r = await host.run('bootvnodes', ['--dry-run', '-c']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'would boot pcvm1-2', 'would boot pcvm1-3', 'would kill pcvm9-9', 'would prepare the host (unless already prepared this boot)', 'would reboot pcvm1-1',
    ]);
    expect(host.states('pcvm1-1')).toEqual(['BOOTING', 'ISUP']);
    expect(await exists(host.paths('pcvm9-9').configDir)).toBe(true);
  });
});

describe('tbvnode host teardown', () => {
  it('is refused while a vnode exists, then undoes the host and forgets it was prepared', { timeout: 60_000 }, async () => {
    expect((await host.run('vnodesetup', ['-i', '-b', 'pcvm1-1'])).code).toBe(0);
    const marker = `${host.root}/var/run/tbvnode-host/prepared`;
    expect(await exists(marker)).toBe(true);
    const refused = await host.run('tbvnode', ['host', 'teardown']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 vnode(s) still on this host (pcvm1-1): kill them first with `bootvnodes -f -k`');
    expect(await exists(marker)).toBe(true);
    expect((await host.run('vnodesetup', ['-i', '-k', 'pcvm1-1'])).code).toBe(0);
    const dry = await host.run('tbvnode', ['host', 'teardown', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(await exists(marker)).toBe(true);
    const r = await host.run('tbvnode', ['host', 'teardown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('host teardown: done');
    expect(await exists(marker)).toBe(false);
  });
});
