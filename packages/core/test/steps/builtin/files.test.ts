import { lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdirStep } from '../../../src/steps/builtin/mkdir.js';
import { symlinkStep } from '../../../src/steps/builtin/symlink.js';
import { writeFileStep } from '../../../src/steps/builtin/write-file.js';
import type { StepEnv } from '../../../src/steps/types.js';
import { createTestDeps } from '../../../src/testing/test-deps.js';
import { useTmpDirs } from '../../helpers/tmp.js';

const tmp = useTmpDirs();

function env<R>(): StepEnv<R> & { recorded: R[] } {
  const deps = createTestDeps();
  const recorded: R[] = [];
  return { deps, log: deps.log, recorded, record: async (r: R) => void recorded.push(r) };
}

const exists = (p: string): Promise<boolean> => lstat(p).then(() => true, () => false);

describe('core.mkdir', () => {
  it('records the dirs it will create before creating them; revert removes only those', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'pre'));
    const e = env<{ created: readonly string[] }>();
    const p = { path: path.join(dir, 'pre/a/b') };
    const r = await mkdirStep.apply(p, e);
    expect(r.created).toEqual([path.join(dir, 'pre/a'), path.join(dir, 'pre/a/b')]);
    expect(e.recorded).toEqual([r]);
    await mkdirStep.revert(p, r, e);
    expect(await exists(path.join(dir, 'pre/a'))).toBe(false);
    expect(await exists(path.join(dir, 'pre'))).toBe(true);
    await mkdirStep.revert(p, r, e); // idempotent
  });

  it('a crash before any record means revert leaves things alone', async () => {
    const dir = await tmp();
    await mkdirStep.revert({ path: dir }, undefined, env());
    expect(await exists(dir)).toBe(true);
  });

  it('stops on a non-empty directory unless told to remove contents', async () => {
    const dir = await tmp();
    const e = env<{ created: readonly string[] }>();
    const p = { path: path.join(dir, 'logs') };
    const r = await mkdirStep.apply(p, e);
    await writeFile(path.join(dir, 'logs/x.log'), 'x');
    await expect(mkdirStep.revert(p, r, e)).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    await mkdirStep.revert({ ...p, removeContents: true }, r, e);
    expect(await exists(p.path)).toBe(false);
  });
});

describe('core.writeFile', () => {
  it('restores the previous content and mode', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'rc.conf');
    await writeFile(file, 'old\n', { mode: 0o600 });
    const e = env<{ previous: string | null; previousMode?: number }>();
    const p = { path: file, content: 'new\n' };
    const r = await writeFileStep.apply(p, e);
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(e.recorded).toEqual([r]);
    await writeFileStep.revert(p, r, e);
    expect(await readFile(file, 'utf8')).toBe('old\n');
  });

  it('removes a file it created, and tolerates a crash before the record', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'myip');
    const e = env<{ previous: string | null }>();
    const r = await writeFileStep.apply({ path: file, content: '10.0.0.1' }, e);
    await writeFileStep.revert({ path: file, content: '10.0.0.1' }, r, e);
    expect(await exists(file)).toBe(false);
    await writeFile(file, 'not ours');
    await writeFileStep.revert({ path: file, content: 'x' }, undefined, e);
    expect(await readFile(file, 'utf8')).toBe('not ours');
  });
});

describe('core.symlink', () => {
  it('removes only the link it made, and only while it still points where it did', async () => {
    const dir = await tmp();
    const link = path.join(dir, 'bin');
    const e = env<{ created: boolean }>();
    const p = { target: 'usr/bin', path: link };
    const r = await symlinkStep.apply(p, e);
    expect(await readlink(link)).toBe('usr/bin');
    await symlinkStep.revert(p, r, e);
    expect(await exists(link)).toBe(false);

    await symlink('usr/bin', link);
    const pre = await symlinkStep.apply(p, e);
    expect(pre).toEqual({ created: false });
    await symlinkStep.revert(p, pre, e);
    expect(await exists(link)).toBe(true);

    await symlinkStep.revert({ target: 'elsewhere', path: link }, undefined, e);
    expect(await exists(link)).toBe(true);
  });
});
