// A pino logger writing JSON lines into memory, so tests assert on fields.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface Captured {
  log: Logger;
  lines(): Array<Record<string, unknown>>;
  text(): string;
}

export function captureLog(level = 'debug'): Captured {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw.push(chunk.toString('utf8'));
      cb();
    },
  });
  const log = pino({ level }, stream);
  const text = (): string => raw.join('');
  return {
    log,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
