// The end of a log file (at most maxBytes), starting at a line boundary: logs
// grow without bound and only their end answers "why did it fail".
import { open } from 'node:fs/promises';
import { ifExists } from '@tbvnode/core';

export async function readTail(file: string, maxBytes = 256 * 1024): Promise<string | undefined> {
  const handle = await ifExists(open(file, 'r'));
  if (handle === undefined) return undefined;
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}
