import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readPrivateKey } from '../../src/boss/key-file.js';
import { makeRoot } from '../helpers/cli.js';

let root: Awaited<ReturnType<typeof makeRoot>>;
beforeEach(async () => {
  root = await makeRoot();
});
afterEach(async () => {
  await root.cleanup();
});

describe('readPrivateKey', () => {
  it('prefers emulab-privkey over -k, except in unix mode', async () => {
    await root.put('etc/emulab/emulab-privkey', 'AAAA\n');
    const k = await root.put('k', 'BBBB\n');
    expect(await readPrivateKey({ root: root.root, keyFile: k })).toBe('AAAA');
    expect(await readPrivateKey({ root: root.root, unixMode: true })).toBeUndefined();
  });
  it('uses -k, first line only', async () => {
    const k = await root.put('k', 'BBBB\nCCCC\n');
    expect(await readPrivateKey({ root: root.root, keyFile: k })).toBe('BBBB');
  });
  it('fails with Emulab\'s message when -k is unreadable', async () => {
    await expect(readPrivateKey({ root: root.root, keyFile: join(root.root, 'missing') })).rejects.toMatchObject({
      code: 'TMCC_KEYFILE',
      message: 'keyfile: No such file or directory',
    });
  });
  it('falls back to etc/emulab.pkey, also in unix mode', async () => {
    await root.put('etc/emulab.pkey', 'DDDD');
    expect(await readPrivateKey({ root: root.root })).toBe('DDDD');
    expect(await readPrivateKey({ root: root.root, unixMode: true })).toBe('DDDD');
  });
  it('sends no key for an empty first line or when there is no key at all', async () => {
    expect(await readPrivateKey({ root: root.root })).toBeUndefined();
    await root.put('etc/emulab.pkey', '\nEEEE\n');
    expect(await readPrivateKey({ root: root.root })).toBeUndefined();
  });
});
