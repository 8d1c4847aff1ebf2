import { readdir, writeFile } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPidFile, writePidFile } from '../../src/locks/pid-file.js';
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
});
