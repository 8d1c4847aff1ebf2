// How much of a TCP stream is "the request". tmcd does ONE read and never
// waits for EOF (Emulab's C client never half-closes on unix, and our proxy
// forwards the same way). One read of a segmented request could cut it, so
// by default we are a little more tolerant: done at once when the bytes end
// in a space (every tmcc request does), else after `idleMs` with no new
// bytes, at EOF, or at 16383 bytes. `framing: 'one-read'` takes exactly the
// first chunk Node delivers, as tmcd would.
import type { Socket } from 'node:net';
import { MAX_TCP_REQUEST } from '../protocol/parse-request.js';

export type Framing = 'tolerant' | 'one-read';

export interface ReadOptions {
  framing: Framing;
  idleMs: number;
  // tmcd's 3 s SO_RCVTIMEO: nothing at all by then and the connection is dropped.
  timeoutMs: number;
}

export type ReadEnd = 'space' | 'idle' | 'eof' | 'full' | 'one-read' | 'timeout' | 'closed';

export interface ReadResult {
  // Everything received before we decided (what gets recorded).
  raw: Buffer;
  // What tmcd would parse: raw capped at 16383 bytes.
  request: Buffer;
  end: ReadEnd;
}

// Pure: has the request ended with these bytes?
export function requestComplete(bytes: Buffer, framing: Framing): ReadEnd | undefined {
  if (bytes.length === 0) return undefined;
  if (framing === 'one-read') return 'one-read';
  if (bytes.length >= MAX_TCP_REQUEST) return 'full';
  return bytes[bytes.length - 1] === 0x20 ? 'space' : undefined;
}

export function readRequest(socket: Socket, opts: ReadOptions): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let idleTimer: NodeJS.Timeout | undefined;
    const finish = (end: ReadEnd): void => {
      clearTimeout(idleTimer);
      clearTimeout(deadline);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onClose);
      socket.off('error', onClose);
      socket.pause();
      const raw = Buffer.concat(chunks);
      resolve({ raw, request: raw.subarray(0, MAX_TCP_REQUEST), end });
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      clearTimeout(idleTimer);
      const end = requestComplete(Buffer.concat(chunks), opts.framing);
      if (end) return finish(end);
      idleTimer = setTimeout(() => finish('idle'), opts.idleMs);
    };
    const onEnd = (): void => finish('eof');
    const onClose = (): void => finish('closed');
    const deadline = setTimeout(() => finish(chunks.length === 0 ? 'timeout' : 'idle'), opts.timeoutMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onClose);
  });
}
