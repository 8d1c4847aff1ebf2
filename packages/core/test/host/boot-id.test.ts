import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { freebsdBootId, linuxBootId, parseKernBoottime } from '../../src/host/boot-id.js';
import { createRecordingRunner } from '../../src/testing/recording-runner.js';

describe('boot id', () => {
  it.each([
    ['{ sec = 1700000000, usec = 123456 } Tue Nov 14 22:13:20 2023\n', '1700000000.123456'],
    ['garbage', null],
  ])('parses kern.boottime %j', (text, want) => {
    expect(parseKernBoottime(text)).toBe(want);
  });

  it('asks FreeBSD through the runner', async () => {
    const runner = createRecordingRunner({ script: [{ match: ['sysctl'], reply: { stdout: '{ sec = 5, usec = 6 } x\n' } }] });
    expect(await freebsdBootId(runner)()).toBe('5.6');
    expect(runner.commands()).toEqual([['sysctl', '-n', 'kern.boottime']]);
  });

  it.skipIf(skipBecause(process.platform !== 'linux', 'the Linux boot id is read from /proc'))('reads a stable id on Linux', async () => {
    const read = linuxBootId({ readFile });
    const id = await read();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await read()).toBe(id);
  });
});
