// Bounds the connections still sending their request. Without it a connect
// flood holds a descriptor per idle connection for the whole read deadline;
// with it the newest connection always gets in and the oldest reader is
// closed, so a client that sends its request at once is served however many
// idle connections the flood keeps opening.

export interface ReadingGate {
  // Registers a reader; `evict` closes it if it is pushed out. Returns `leave`,
  // called once the reader has its request (or is gone).
  admit(evict: () => void): () => void;
  readonly reading: number;
  // Readers pushed out since the proxy started.
  readonly evicted: number;
}

export function createReadingGate(max: number): ReadingGate {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxReading must be a positive integer, got ${max}`);
  // Insertion order is arrival order: the first entry is the oldest reader.
  const readers = new Set<() => void>();
  let evicted = 0;
  return {
    get reading() {
      return readers.size;
    },
    get evicted() {
      return evicted;
    },
    admit(evict: () => void): () => void {
      const entry = (): void => evict();
      readers.add(entry);
      while (readers.size > max) {
        const oldest = readers.values().next().value as () => void;
        readers.delete(oldest);
        evicted += 1;
        oldest();
      }
      return () => void readers.delete(entry);
    },
  };
}
