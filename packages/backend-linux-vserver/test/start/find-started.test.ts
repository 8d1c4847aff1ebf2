import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '@tbvnode/core/testing';
import { cmdlineIs, pidsRunning, startedForms } from '../../src/start/find-started.js';
import { startArgv } from '../../src/start/start-argv.js';

const argv = startArgv({ shell: '/bin/sh', enterScript: '/p/enter.sh', rootDir: '/j/pcvm1-1/root', mounts: [{ op: 'fstab', args: ['/j/pcvm1-1/fstab'] }], initArgv: ['/opt/tbvnode/init.sh'] });
const nul = (a: readonly string[]): string => `${a.join('\0')}\0`;

describe('finding a vnode start nobody journaled', () => {
  it('knows both forms: env before its exec, unshare after', () => {
    const forms = startedForms(argv);
    expect(forms[0]?.[0]).toBe('env');
    expect(forms[1]?.[0]).toBe('unshare');
    expect(forms[1]).toEqual(argv.slice(argv.indexOf('unshare')));
  });

  it.each([
    ['env, as started', nul(argv), true],
    ['unshare, after env exec', nul(argv.slice(argv.indexOf('unshare'))), true],
    ['another vnode (other root)', nul(argv.map((a) => a.replace('pcvm1-1', 'pcvm1-2'))), false],
    ['enter.sh inside (a different argv)', nul(argv.slice(argv.indexOf('/bin/sh'))), false],
    ['a prefix only', nul(argv.slice(0, -1)), false],
    ['a kernel thread (empty cmdline)', '', false],
  ])('%s -> %s', (_what, cmdline, want) => {
    expect(cmdlineIs(cmdline, startedForms(argv))).toBe(want);
  });

  describe('in a /proc-like dir', () => {
    let proc: string;
    beforeEach(async () => {
      proc = await mkdtemp(path.join(tmpdir(), 'fake-proc-'));
      const entries: Array<[string, string]> = [['101', nul(argv)], ['102', nul(argv.slice(argv.indexOf('unshare')))], ['103', nul(['sleep', '5'])], ['self', nul(argv)]];
      for (const [pid, cmdline] of entries) {
        await mkdir(path.join(proc, pid));
        await writeFile(path.join(proc, pid, 'cmdline'), cmdline);
      }
      await mkdir(path.join(proc, '104')); // gone between readdir and read: no cmdline file
    });
    afterEach(async () => {
      await rm(proc, { recursive: true, force: true });
    });
    it('returns the pids whose argv is this start, and skips what is not a pid', async () => {
      expect((await pidsRunning(createTestDeps().fs, argv, proc)).sort()).toEqual([101, 102]);
    });
  });
});
