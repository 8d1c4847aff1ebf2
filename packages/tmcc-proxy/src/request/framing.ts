// When is a request complete? (TMCD-PROTOCOL.md §12.) Emulab's C client never
// half-closes, so waiting for EOF alone would hang it; tmcd itself does one read.
// tmcd's request limit is the client's (16384 bytes with the NUL): one constant, in tmcc.
import { MAX_REQUEST_BYTES } from '@tbvnode/tmcc';

export type FrameState = 'complete' | 'incomplete' | 'too-large';

// Decide from what has arrived so far. `ended` is true once the client
// half-closed. A buffer ending in a space is complete at once (no latency for
// the common case); anything else waits for EOF, the idle window, or the limit.
export function frameState(received: number, lastByte: number | undefined, ended: boolean): FrameState {
  if (received > MAX_REQUEST_BYTES) return 'too-large';
  if (received === MAX_REQUEST_BYTES || ended) return 'complete';
  if (lastByte === 0x20) return 'complete';
  return 'incomplete';
}
