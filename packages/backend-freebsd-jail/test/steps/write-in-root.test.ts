// fbsd.writeInRoot on its own: journaled like core.writeFile (undo restores or
// removes), but never through a link the jail's root planted.
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StepEnv } from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeInRootStep, type WriteInRootResult } from '../../src/steps/write-in-root.js';

let dir: string;
let root: string;
let outside: string;
let recorded: WriteInRootResult | undefined;
const deps = createTestDeps();
const env = (): StepEnv<WriteInRootResult> => ({
  deps, log: deps.log, record: async (r) => {
    recorded = r;
  },
});

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-wir-'));
  root = path.join(dir, 'root');
  outside = path.join(dir, 'host');
  await fsp.mkdir(path.join(root, 'etc'), { recursive: true });
  await fsp.mkdir(outside);
  await fsp.writeFile(path.join(outside, 'rc.conf'), 'host\n');
  recorded = undefined;
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const p = { rootDir: '', rel: 'etc/rc.conf', content: 'ours\n' };

describe('fbsd.writeInRoot', () => {
  it('over an existing file: writes it, and undo restores its content and mode', async () => {
    await fsp.writeFile(path.join(root, 'etc/rc.conf'), 'theirs\n', { mode: 0o600 });
    const r = await writeInRootStep.apply({ ...p, rootDir: root }, env());
    expect(await fsp.readFile(path.join(root, 'etc/rc.conf'), 'utf8')).toBe('ours\n');
    expect(((await fsp.stat(path.join(root, 'etc/rc.conf'))).mode & 0o777).toString(8)).toBe('600');
    await writeInRootStep.revert({ ...p, rootDir: root }, r, env());
    expect(await fsp.readFile(path.join(root, 'etc/rc.conf'), 'utf8')).toBe('theirs\n');
  });

  it('where nothing was: undo removes the file, and makes the missing dirs on the way', async () => {
    const q = { ...p, rootDir: root, rel: 'var/emulab/boot/nodeid', mode: 0o644 };
    const r = await writeInRootStep.apply(q, env());
    expect(r).toEqual({ previous: null });
    await writeInRootStep.revert(q, r, env());
    await expect(fsp.lstat(path.join(root, q.rel))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a link at the file or above it before journaling anything; the host file is neither read nor written', async () => {
    await fsp.symlink(path.join(outside, 'rc.conf'), path.join(root, 'etc/rc.conf'));
    await expect(writeInRootStep.apply({ ...p, rootDir: root }, env())).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(recorded).toBeUndefined();
    await fsp.rm(path.join(root, 'etc'), { recursive: true });
    await fsp.symlink(outside, path.join(root, 'etc'));
    await expect(writeInRootStep.apply({ ...p, rootDir: root }, env())).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(recorded).toBeUndefined();
    expect(await fsp.readdir(outside)).toEqual(['rc.conf']);
    expect(await fsp.readFile(path.join(outside, 'rc.conf'), 'utf8')).toBe('host\n');
  });

  it('undo meeting a link planted since: warns, restores and removes nothing through it', async () => {
    const r = await writeInRootStep.apply({ ...p, rootDir: root }, env());
    await fsp.rm(path.join(root, 'etc'), { recursive: true });
    await fsp.symlink(outside, path.join(root, 'etc'));
    await writeInRootStep.revert({ ...p, rootDir: root }, r, env());
    await writeInRootStep.revert({ ...p, rootDir: root }, { previous: Buffer.from('old\n').toString('base64') }, env());
    expect(await fsp.readdir(outside)).toEqual(['rc.conf']);
    expect(await fsp.readFile(path.join(outside, 'rc.conf'), 'utf8')).toBe('host\n');
    expect(deps.captured.records().filter((x) => x['msg'] === 'not restoring a file behind a link the jail planted')).toHaveLength(2);
  });
});
