import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmdlineIs, pidsWithArgv } from '../../src/host/find-by-argv.js';
import type { Argv } from '../../src/runner/types.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const argv: Argv = ['/bin/sh', '/j/pcvm1-1/root/rc'];
const nul = (a: readonly string[]): string => `${a.join('\0')}\0`;

describe('cmdlineIs', () => {
  it.each([
    ['the same argv', nul(argv), true],
    ['without the trailing NUL', argv.join('\0'), true],
    ['another vnode', nul(['/bin/sh', '/j/pcvm1-2/root/rc']), false],
    ['a prefix only', nul(argv.slice(0, 1)), false],
    ['one more argument', nul([...argv, 'x']), false],
    ['a kernel thread (empty)', '', false],
  ])('%s -> %s', (_what, cmdline, want) => {
    expect(cmdlineIs(cmdline, [argv])).toBe(want);
  });
  it('matches any of several forms', () => {
    expect(cmdlineIs(nul(['b']), [['a'], ['b']])).toBe(true);
  });
});

describe('pidsWithArgv', () => {
  it('lists the numeric entries whose cmdline matches, skipping vanished ones', async () => {
    const proc = await tmp();
    for (const [name, cmdline] of [['101', nul(argv)], ['102', nul(['sleep', '5'])], ['self', nul(argv)]] as const) {
      await mkdir(path.join(proc, name));
      await writeFile(path.join(proc, name, 'cmdline'), cmdline);
    }
    await mkdir(path.join(proc, '103')); // exited between readdir and read
    expect(await pidsWithArgv(createTestDeps().fs, [argv], proc)).toEqual([101]);
  });
  it('finds nothing where there is no procfs', async () => {
    expect(await pidsWithArgv(createTestDeps().fs, [argv], path.join(await tmp(), 'no-proc'))).toEqual([]);
  });
});
