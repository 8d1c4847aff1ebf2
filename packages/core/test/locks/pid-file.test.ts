import { readdir, writeFile } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPidFile, parsePidFile, readPidFile, readPidRecord, writePidFile } from '../../src/locks/pid-file.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();

describe('pid files', () => {
  it('writes atomically (no temp file left) and reads back', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'tbvnode-v1.pid');
    await writePidFile(fsp, file, 4242);
    await writePidFile(fsp, file, 4343);
    expect(await readPidFile(fsp, file)).toBe(4343);
    expect(await readdir(dir)).toEqual(['tbvnode-v1.pid']);
  });

  it.each(['', 'abc', '0', '-1', '12 34', '99999999999'])('refuses %j', async (content) => {
    const file = path.join(await tmp(), 'x.pid');
    await writeFile(file, content);
    await expect(readPidFile(fsp, file)).rejects.toMatchObject({ code: 'BAD_PID_FILE' });
  });

  it('a missing pid file is null', async () => {
    expect(await readPidFile(fsp, path.join(await tmp(), 'none.pid'))).toBeNull();
  });

  it('records who the pid was, and an older pid-only file still reads', async () => {
    const file = path.join(await tmp(), 'x.pid');
    await writePidFile(fsp, file, 4242, { startToken: '98765', argv: ['node', '/usr/bin/vnodesetup', '-i', 'pcvm1-1'] });
    const text = await fsp.readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe('4242');
    expect(await readPidRecord(fsp, file)).toEqual({ pid: 4242, startToken: '98765', argv: ['node', '/usr/bin/vnodesetup', '-i', 'pcvm1-1'] });
    await writeFile(file, '4242\n');
    expect(await readPidRecord(fsp, file)).toEqual({ pid: 4242 });
  });

  it.each<[string, ReturnType<typeof parsePidFile>]>([
    ['7\n', { pid: 7 }],
    ['7\nstart 55\n', { pid: 7, startToken: '55' }],
    ['7\nstart 55\nfuture thing\n', { pid: 7, startToken: '55' }],
    ['7\nargv ["a b","c"]\n', { pid: 7, argv: ['a b', 'c'] }],
    ['7\nargv [1]\n', null],
    ['7\nargv {\n', null],
    ['7\nnonsense\n', null],
    ['x\nstart 5\n', null],
  ])('parses %j', (text, want) => {
    expect(parsePidFile(text)).toEqual(want);
  });

  it('formats what it parses', () => {
    const who = { startToken: '1', argv: ['n', 'x y'] };
    expect(parsePidFile(formatPidFile(9, who))).toEqual({ pid: 9, ...who });
  });
});
