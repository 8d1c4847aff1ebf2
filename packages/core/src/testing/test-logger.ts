// A pino logger that keeps its records in memory, so tests assert on fields
// (never on formatted text) and nothing is printed.
import { Writable } from 'node:stream';
import { pino, type LevelWithSilent, type Logger } from 'pino';

export interface CapturedLog {
  readonly log: Logger;
  /** Every record so far, parsed. */
  records(): Array<Record<string, unknown>>;
}

export function createCapturedLogger(level: LevelWithSilent = 'debug'): CapturedLog {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const log = pino({ level }, sink);
  return { log, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
