// What an operator sees when things go wrong: the reason inline with the log
// path, a summary file, errors that say what to do, no stack traces.
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { startTestHost, waitUntil, type TestHost } from '../helpers/host.js';
import { runBin } from '../helpers/run-bin.js';

const PATH = process.env['PATH'] ?? '/usr/bin:/bin';

describe('a vnode that fails to boot', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await startTestHost();
    // A file where the manager makes the vnode's root dir: its first mkdir fails.
    await fsp.mkdir(host.paths('pcvm1-2').configDir, { recursive: true });
    await fsp.writeFile(path.join(host.paths('pcvm1-2').configDir, 'root'), 'not a directory');
  });
  afterEach(async () => {
    await host.cleanup();
  });

  it('bootvnodes -f names the reason and the log inline, writes a summary, and exits 1', { timeout: 90_000 }, async () => {
    const r = await host.run('bootvnodes', ['-f']);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.startsWith('boot pcvm1-2:'));
    expect(line).toMatch(/^boot pcvm1-2: failed \(1, \d+\.\ds\): step core\.mkdir .*EEXIST.* — log: .*tbvnode-pcvm1-2\.log$/);
    expect(r.stdout).toMatch(/^boot pcvm1-1: ok \(\d+\.\ds\)$/m);
    const summary = JSON.parse(await fsp.readFile(path.join(host.root, 'var/emulab/logs/bootvnodes.summary.json'), 'utf8'));
    expect(summary).toMatchObject({ version: 1, exitCode: 1, ok: 2, failed: 1 });
    expect(summary.vnodes.find((v: { vnodeId: string }) => v.vnodeId === 'pcvm1-2').reason).toContain('EEXIST');
    // status shows the failed vnode and the last run.
    const st = await host.run('tbvnode', ['status']);
    expect(st.stdout).toMatch(/last bootvnodes: .* 2 ok, 1 failed/);
    expect(st.stdout).toMatch(/pcvm1-2 .*EEXIST/);
  });

  it('vnodesetup -b says why, with the log path', { timeout: 60_000 }, async () => {
    const r = await host.run('vnodesetup', ['-i', '-b', 'pcvm1-2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\*\*\* vnodesetup: boot pcvm1-2 failed: step core\.mkdir .*EEXIST.* — log: .*tbvnode-pcvm1-2\.log$/m);
  });

  it('the background run records the failure in the summary', { timeout: 90_000 }, async () => {
    const r = await host.run('bootvnodes', []);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(host.root, 'var/emulab/logs/bootvnodes.summary.json');
    await waitUntil('the summary file', () => fsp.access(file).then(() => true, () => false), 60_000);
    const summary = JSON.parse(await fsp.readFile(file, 'utf8'));
    expect(summary).toMatchObject({ exitCode: 1, failed: 1 });
    const debug = await fsp.readFile(path.join(host.root, 'var/emulab/logs/bootvnodes.debug'), 'utf8');
    expect(debug).toMatch(/boot pcvm1-2: failed .*EEXIST/);
  });
});

describe('errors that say what to do', () => {
  let root: string;
  beforeEach(async () => {
    root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-err-'));
  });
  afterEach(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('no boss configured: names BOSSNAME and the bossnode file, no stack trace', async () => {
    const r = await runBin('bootvnodes', ['-f', '--root', root, '--backend', 'process'], { env: { PATH } });
    expect(r.code).toBe(69);
    expect(r.stderr).toBe(`*** bootvnodes: no boss: set BOSSNAME or ${root}/etc/emulab/bossnode\n`);
  });

  it.each(['bootvnodes', 'vnodesetup', 'tbvnode'] as const)('%s --version prints the version', async (bin) => {
    const r = await runBin(bin, ['--version'], { env: { PATH } });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('status into a reader that goes away (| head) ends quietly', async () => {
    for (let i = 0; i < 300; i++) await fsp.mkdir(path.join(root, 'var/emulab/jails', `pcvm${i}-1`, 'root'), { recursive: true });
    const r = await runBin('tbvnode', ['status', '--root', root], { env: { PATH }, stdoutEndsAfter: 0 });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });

  it.skipIf(skipBecause(process.getuid?.() !== 0, 'the non-root status test drops to uid 65534 with setpriv, which needs root'))('as non-root, status says it needs root instead of a stack trace', async () => {
    await fsp.mkdir(path.join(root, 'var/emulab/jails/pcvm1-1'), { recursive: true });
    await fsp.chmod(path.join(root, 'var/emulab/jails'), 0o700);
    const r = await runBin('tbvnode', ['status', '--root', root], { env: { PATH }, prefix: ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'] });
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/^\*\*\* tbvnode status: EACCES.*: needs root \(run it as root, e.g. with sudo\)\n$/);
  });
});
