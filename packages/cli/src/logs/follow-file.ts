// Prints a file's lines from an offset and then as it grows, until the signal
// aborts (Ctrl-C). Polls its size: fs.watch misses appends on some file systems,
// and a manager log is written a line at a time, synchronously.
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ifExists } from '@tbvnode/core';

export async function followFile(file: string, from: number, onLine: (line: string) => void, signal: AbortSignal, pollMs = 250): Promise<void> {
  let offset = from;
  let partial = '';
  while (!signal.aborted) {
    const size = (await ifExists(stat(file)))?.size ?? 0;
    // Truncated or replaced (a new log after -k and boot): start at its top.
    if (size < offset) offset = 0;
    if (size > offset) {
      const h = await open(file, 'r');
      try {
        const buf = Buffer.alloc(size - offset);
        await h.read(buf, 0, buf.length, offset);
        offset = size;
        const lines = (partial + buf.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) onLine(l);
      } finally {
        await h.close();
      }
    }
    await sleep(pollMs, undefined, { signal }).catch((err: unknown) => {
      if ((err as { name?: string }).name !== 'AbortError') throw err;
    });
  }
}
