import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFdWriter } from '../../src/util/fd-writer.js';

describe('createFdWriter', () => {
  it('writes strings and byte views (with offsets) in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tmcc-fd-'));
    try {
      const path = join(dir, 'out');
      const fd = openSync(path, 'w');
      const w = createFdWriter(fd, () => {
        throw new Error('no fallback expected for a file');
      });
      w.write('abc');
      w.write(Buffer.from('xxdefxx').subarray(2, 5));
      w.write(new Uint8Array([0x0a]));
      closeSync(fd);
      expect(readFileSync(path, 'utf8')).toBe('abcdef\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
