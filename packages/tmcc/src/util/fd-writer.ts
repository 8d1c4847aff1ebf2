// Writes to a file descriptor synchronously (cheap at start-up: no stream modules),
// switching for good to the given stream if the fd is non-blocking and would block.
import { writeSync } from 'node:fs';

export interface Writer {
  write(chunk: Uint8Array | string): unknown;
}

export function createFdWriter(fd: number, fallback: () => Writer): Writer {
  let stream: Writer | undefined;
  return {
    write(chunk) {
      if (stream) return stream.write(chunk);
      let buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      while (buf.length > 0) {
        try {
          buf = buf.subarray(writeSync(fd, buf));
        } catch (err) {
          if ((err as { code?: string }).code !== 'EAGAIN') throw err;
          stream = fallback();
          return stream.write(buf);
        }
      }
      return true;
    },
  };
}
