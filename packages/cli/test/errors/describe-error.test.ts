import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors/cli-error.js';
import { describeError } from '../../src/errors/describe-error.js';

const sys = (code: string) => Object.assign(new Error(`${code}: x, open '/var/run/f'`), { code, syscall: 'open', path: '/var/run/f' });

describe('describeError', () => {
  it.each([
    ['EACCES as non-root', sys('EACCES'), false, { status: 77, message: "EACCES: x, open '/var/run/f': needs root (run it as root, e.g. with sudo)" }],
    ['EPERM as root', sys('EPERM'), true, { status: 77, message: "EPERM: x, open '/var/run/f': permission denied" }],
    ['another OS error: no stack', sys('ENOSPC'), true, { status: 1, message: "ENOSPC: x, open '/var/run/f'" }],
    ['a coded error', new CliError('NO_BOSS', 'no boss: set BOSSNAME'), true, { status: 69, message: 'no boss: set BOSSNAME' }],
  ])('%s', (_, err, root, want) => {
    expect(describeError(err, root)).toEqual(want);
  });

  it('a bug keeps its stack', () => {
    expect(describeError(new TypeError('x is undefined'), true).stack).toContain('TypeError');
  });
});
