import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { bindMountStep, isMountPoint, mountStep } from '../../../src/steps/builtin/mount.js';
import { mkdirStep } from '../../../src/steps/builtin/mkdir.js';
import { createStepRegistry } from '../../../src/steps/registry.js';
import { openStepRunner } from '../../../src/steps/step-runner.js';
import { safeRemoveConfigDir } from '../../../src/fs/safe-remove.js';
import { createExecaRunner } from '../../../src/runner/execa-runner.js';
import { createTestDeps } from '../../../src/testing/test-deps.js';
import { createFakeMountHost } from '../../helpers/fake-mounts.js';
import { useTmpDirs } from '../../helpers/tmp.js';

const tmp = useTmpDirs();
const isRoot = process.getuid?.() === 0 && process.platform === 'linux';
const SKIP = skipBecause(!isRoot, 'real bind-mount tests: they need root on Linux (CI runs as root)');

describe('mount steps against a modelled host', () => {
  it('mount builds the argv; undo unmounts only what the mount table shows', async () => {
    const host = createFakeMountHost();
    const deps = createTestDeps({ runner: host.runner, overrides: { mounts: host.mounts } });
    const e = { deps, log: deps.log, record: async () => undefined };
    const p = { source: 'proc', target: '/j/v1/root/proc', fstype: 'procfs', options: ['ro', 'nosuid'] };
    await mountStep.apply(p, e);
    expect(host.runner.commands()).toEqual([['mount', '-t', 'procfs', '-o', 'ro,nosuid', 'proc', '/j/v1/root/proc']]);
    await mountStep.revert(p, undefined, e);
    await mountStep.revert(p, undefined, e);
    expect(host.runner.commands().slice(1)).toEqual([['umount', '/j/v1/root/proc']]);
  });

  it('bind mount remounts read-only; a busy target stops the undo with UNMOUNT_FAILED', async () => {
    const host = createFakeMountHost();
    const deps = createTestDeps({ runner: host.runner, overrides: { mounts: host.mounts } });
    const e = { deps, log: deps.log, record: async () => undefined };
    const p = { source: '/usr', target: '/j/v1/root/usr', readOnly: true, flags: ['nosuid', 'nodev'] };
    await bindMountStep.apply(p, e);
    expect(host.runner.commands()).toEqual([
      ['mount', '--bind', '/usr', '/j/v1/root/usr'],
      ['mount', '-o', 'remount,bind,ro,nosuid,nodev', '/j/v1/root/usr'],
    ]);
    host.busy.add('/j/v1/root/usr');
    await expect(bindMountStep.revert(p, undefined, e)).rejects.toMatchObject({ code: 'UNMOUNT_FAILED' });
    host.busy.clear();
    await bindMountStep.revert(p, undefined, e);
    expect(host.mounted).toEqual([]);
  });
});

describe('real bind mounts (root)', () => {
  let holder: ChildProcess | undefined;
  const cleanups: string[] = [];
  afterEach(async () => {
    const h = holder;
    holder = undefined;
    if (h && h.exitCode === null && h.signalCode === null) {
      const gone = new Promise((r) => h.once('exit', r));
      h.kill('SIGKILL');
      await gone;
    }
    const run = createExecaRunner({ log: createTestDeps().log });
    for (const t of cleanups.splice(0).reverse()) await run.run(['umount', '-l', t], { reject: false });
  });

  it.skipIf(SKIP)('a busy user-data mount stops teardown; the data survives and nothing below is deleted', async () => {
    const base = await tmp();
    const userData = path.join(base, 'proj');
    await mkdir(userData);
    await writeFile(path.join(userData, 'thesis.tex'), 'precious');
    const configDir = path.join(base, 'var/emulab/jails/v1');
    const target = path.join(configDir, 'root/proj');
    await mkdir(configDir, { recursive: true });
    const deps = createTestDeps({ runner: createExecaRunner({ log: createTestDeps().log }) });
    const runner = await openStepRunner({
      scope: 'v1', journalPath: path.join(configDir, 'journal'), registry: createStepRegistry(), deps,
    });
    await runner.run(mkdirStep, { path: target }, { phase: 'persistent' });
    await runner.run(bindMountStep, { source: userData, target }, { phase: 'runtime' });
    cleanups.push(target);
    expect(await isMountPoint(deps, target)).toBe(true);

    holder = spawn('sleep', ['300'], { cwd: target, stdio: 'ignore' });
    await new Promise((resolve, reject) => holder?.once('spawn', resolve).once('error', reject));

    await expect(runner.undo('kill')).rejects.toMatchObject({ code: 'UNDO_INCOMPLETE', failed: { step: 'core.bindMount' } });
    await expect(safeRemoveConfigDir(deps, configDir)).rejects.toMatchObject({ code: 'STILL_MOUNTED' });
    expect(await readFile(path.join(target, 'thesis.tex'), 'utf8')).toBe('precious');
    expect((await runner.records()).map((r) => r.status)).toEqual(['done', 'undo-failed']);

    const h = holder;
    const gone = new Promise((r) => h.once('exit', r));
    h.kill('SIGKILL');
    await gone;
    await runner.undo('kill');
    expect(await isMountPoint(deps, target)).toBe(false);
    await safeRemoveConfigDir(deps, configDir);
    expect(await readFile(path.join(userData, 'thesis.tex'), 'utf8')).toBe('precious');
  });

  it.skipIf(SKIP)('a read-only bind mount really is read-only', async () => {
    const base = await tmp();
    await mkdir(path.join(base, 'src'));
    await mkdir(path.join(base, 'dst'));
    const deps = createTestDeps({ runner: createExecaRunner({ log: createTestDeps().log }) });
    const e = { deps, log: deps.log, record: async () => undefined };
    const p = { source: path.join(base, 'src'), target: path.join(base, 'dst'), readOnly: true };
    await bindMountStep.apply(p, e);
    cleanups.push(p.target);
    await expect(writeFile(path.join(p.target, 'x'), 'x')).rejects.toMatchObject({ code: 'EROFS' });
    await bindMountStep.revert(p, undefined, e);
    expect(await isMountPoint(deps, p.target)).toBe(false);
  });
});
