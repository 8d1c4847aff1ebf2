import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { createProcessTable, linuxStartToken, parseProcStatStartTime, sendSignal } from '../../src/host/process-table.js';

const STAT_TAIL = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 98765 20 21';

describe('process table', () => {
  it.each([
    [`123 (sh) ${STAT_TAIL}`, '98765'],
    [`123 (a b) c)) ${STAT_TAIL}`, '98765'],
    ['123 (sh) S 1 2', null],
    [`9 (gone) ${STAT_TAIL.replace(/^S/, 'Z')}`, null],
    ['no parens', null],
  ])('start time from %j', (stat, want) => {
    expect(parseProcStatStartTime(stat)).toBe(want);
  });

  it('reads start tokens from an injectable /proc and treats a missing pid as null', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tbv-proc-'));
    try {
      await mkdir(path.join(dir, '42'));
      await writeFile(path.join(dir, '42/stat'), `42 (init) ${STAT_TAIL}\n`);
      const read = linuxStartToken({ readFile }, dir);
      expect(await read(42)).toBe('98765');
      expect(await read(43)).toBeNull();
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it.skipIf(skipBecause(process.platform !== 'linux', 'start tokens are read from /proc (Linux only)'))('reads the real start token of this process', async () => {
    const table = createProcessTable(linuxStartToken({ readFile }));
    const token = await table.startToken(process.pid);
    expect(token).toMatch(/^\d+$/);
    expect(await table.startToken(process.pid)).toBe(token);
    expect(table.isAlive(process.pid)).toBe(true);
  });

  it('treats ESRCH as an answer', () => {
    // Above pid_max on Linux and FreeBSD: no such process.
    expect(sendSignal(5_000_001, 0)).toBe(false);
    expect(createProcessTable(async () => null).isAlive(5_000_001)).toBe(false);
  });
});

describe('process groups', () => {
  it.each([
    [`7 (sh) S 1 77 77 0 ${STAT_TAIL.slice(8)}`, 77],
    [`7 (sh) Z 1 77 77 0`, null],
    ['7 (sh)', null],
  ])('group of %j', async (stat, want) => {
    const { parseProcStatGroup } = await import('../../src/host/process-table.js');
    expect(parseProcStatGroup(stat)).toBe(want);
  });

  it.skipIf(skipBecause(process.platform !== 'linux', 'process groups are listed from /proc (Linux only)'))('lists the live members of this test process group', async () => {
    const { linuxGroupMembers } = await import('../../src/host/process-table.js');
    const { readdir } = await import('node:fs/promises');
    const stat = await readFile(`/proc/${process.pid}/stat`, 'utf8');
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/)[2]);
    expect(await linuxGroupMembers({ readFile, readdir })(pgid)).toContain(process.pid);
  });
});

describe('group members with their start tokens', () => {
  // Fields 3 (state), 5 (pgrp) and 22 (starttime) set; the rest filler.
  const stat = (pid: number, comm: string, state: string, pgid: number, start: string) =>
    `${pid} (${comm}) ${STAT_TAIL.replace(/^S 1 2 /, `${state} 1 ${pgid} `).replace('98765', start)}`;

  it.each([
    ['a running process', stat(7, 'sh', 'S', 77, '98765'), { pgid: 77, startToken: '98765' }],
    ['a name with spaces and parens', stat(7, 'a ) b', 'R', 77, '98765'), { pgid: 77, startToken: '98765' }],
    ['a zombie', stat(7, 'sh', 'Z', 77, '98765'), null],
    ['a truncated line', '7 (sh) S 1 77', null],
  ])('member facts of %s', async (_name, line, want) => {
    const { parseProcStatMember } = await import('../../src/host/process-table.js');
    expect(parseProcStatMember(line)).toEqual(want);
  });

  it('lists a group from an injectable /proc, one stat read per process, skipping zombies and vanished pids', async () => {
    const { linuxListGroupMembers } = await import('../../src/host/process-table.js');
    const { readdir } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tbv-proc-'));
    try {
      const proc = async (pid: number, line: string | null) => {
        await mkdir(path.join(dir, String(pid)));
        if (line !== null) await writeFile(path.join(dir, `${pid}/stat`), `${line}\n`);
      };
      await proc(10, stat(10, 'sh', 'S', 10, '98765'));
      await proc(11, stat(11, 'sleep', 'S', 10, '98770'));
      await proc(12, stat(12, 'sleep', 'Z', 10, '98771'));
      await proc(13, stat(13, 'other', 'S', 13, '98772'));
      await proc(14, null);
      await mkdir(path.join(dir, 'self'));
      const members = await linuxListGroupMembers({ readFile, readdir }, dir)(10);
      expect([...members].sort((a, b) => a.pid - b.pid)).toEqual([
        { pid: 10, pgid: 10, startToken: '98765' },
        { pid: 11, pgid: 10, startToken: '98770' },
      ]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
