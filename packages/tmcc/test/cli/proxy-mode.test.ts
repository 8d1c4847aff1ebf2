import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { wantsProxy } = require('../../bin/proxy-mode.js') as { wantsProxy(argv: string[]): boolean };

describe('wantsProxy: which argv hand over to @tbvnode/tmcc-proxy', () => {
  it.each([
    [['-x', '/var/emulab/tmcc', '-n', 'pcvm1-1'], true],
    [['-n', 'pcvm1-1', '-x', '/s'], true],
    [['-x/s', '-n', 'pcvm1-1'], true],
    [['-dx', '/s'], true],
    [['-X', '127.0.0.1:7778'], true],
    [['-X'], true],
    [['-s', 'boss', '-X'], true],
    [['nodeid'], false],
    [['-n', 'pcvm1-1', 'ifconfig', '-x'], false], // -x after the first word is an argument
    [['-s', '-x', 'nodeid'], false], // "-x" is the value of -s
    [['-k', 'key', 'state', 'ISUP'], false],
    [['--', '-x'], false],
    [[], false],
    [['--bin', '-x', '/s'], true], // tmcc.bin's explicit flag is not an option cluster
    [['--bin', '-n', 'pcvm1-1', 'nodeid'], false],
  ])('%j -> %s', (argv, expected) => {
    expect(wantsProxy(argv)).toBe(expected);
  });
});
