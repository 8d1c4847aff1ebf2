// Bounds the reply bytes the proxy holds in memory for clients that read
// slower than boss sends (or never read). A byte counts from socket.write()
// until Node hands it to the kernel (the write callback). Past the per-client
// or the total cap the writer is told to stop; the lean upstream then pauses
// its boss socket until the client drains, so boss's kernel buffers, not our
// heap, hold the rest.
import type { Writable } from 'node:stream';

export interface ReplyBudget {
  // Bytes written to clients that the kernel has not taken yet, all clients.
  readonly buffered: number;
  // The most `buffered` has been since the proxy started.
  readonly peak: number;
  // Writers waiting for room right now.
  readonly waiting: number;
  open(out: Writable): ClientBuffer;
}

export interface ClientBuffer {
  // Writes the chunk; true while this client and the total are under their caps.
  write(chunk: Buffer): boolean;
  // Calls `resume` once (at once if there is room already) when both are under their caps.
  whenWritable(resume: () => void): void;
  // The client is gone: its bytes no longer count and its waiter is dropped.
  close(): void;
}

interface Client {
  pending: number;
  closed: boolean;
  resume: (() => void) | null;
}

export function createReplyBudget(perClient: number, total: number): ReplyBudget {
  if (!(perClient > 0 && total > 0)) throw new RangeError(`reply buffer caps must be positive, got ${perClient}/${total}`);
  let buffered = 0;
  let peak = 0;
  const waiters = new Set<Client>();
  const roomFor = (c: Client): boolean => c.pending < perClient && buffered < total;

  // Waiters are at most one per request in flight (the limiter bounds them).
  const wake = (): void => {
    for (const c of waiters) {
      if (!roomFor(c)) continue;
      waiters.delete(c);
      const resume = c.resume;
      c.resume = null;
      resume?.();
    }
  };

  const release = (c: Client, n: number): void => {
    c.pending -= n;
    buffered -= n;
    wake();
  };

  return {
    get buffered() {
      return buffered;
    },
    get peak() {
      return peak;
    },
    get waiting() {
      return waiters.size;
    },
    open(out: Writable): ClientBuffer {
      const c: Client = { pending: 0, closed: false, resume: null };
      return {
        write(chunk: Buffer): boolean {
          if (c.closed) return false;
          const n = chunk.length;
          c.pending += n;
          buffered += n;
          if (buffered > peak) peak = buffered;
          out.write(chunk, () => {
            if (!c.closed) release(c, n);
          });
          return roomFor(c);
        },
        whenWritable(resume: () => void): void {
          if (c.closed) return;
          if (roomFor(c)) return resume();
          c.resume = resume;
          waiters.add(c);
        },
        close(): void {
          if (c.closed) return;
          c.closed = true;
          c.resume = null;
          waiters.delete(c);
          release(c, c.pending);
        },
      };
    },
  };
}
