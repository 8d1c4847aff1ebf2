import { describe, expect, it } from 'vitest';
import { cmdlineIs } from '@tbvnode/core';
import { startedForms } from '../../src/start/find-started.js';
import { startArgv } from '../../src/start/start-argv.js';

const argv = startArgv({ shell: '/bin/sh', enterScript: '/p/enter.sh', rootDir: '/j/pcvm1-1/root', mounts: [{ op: 'fstab', args: ['/j/pcvm1-1/fstab'] }], initArgv: ['/opt/tbvnode/init.sh'], procsFiles: [] });
const nul = (a: readonly string[]): string => `${a.join('\0')}\0`;

describe('a vnode start as /proc shows it', () => {
  it('has two forms: env before its exec, unshare after', () => {
    const forms = startedForms(argv);
    expect(forms.map((f) => f[0])).toEqual(['env', 'unshare']);
    expect(forms[1]).toEqual(argv.slice(argv.indexOf('unshare')));
  });

  it.each([
    ['env, as started', nul(argv), true],
    ['unshare, after env exec', nul(argv.slice(argv.indexOf('unshare'))), true],
    ['another vnode (other root)', nul(argv.map((a) => a.replace('pcvm1-1', 'pcvm1-2'))), false],
    ['enter.sh inside (its own argv)', nul(argv.slice(argv.indexOf('/bin/sh'))), false],
  ])('%s -> %s', (_what, cmdline, want) => {
    expect(cmdlineIs(cmdline, startedForms(argv))).toBe(want);
  });
});
