// Command logs go to stderr as JSON lines, synchronously, so nothing is lost
// when a command exits right after logging.
import { pino, type Logger } from 'pino';
import type { Output } from './cli-deps.js';

export function createCliLogger(out: Output, debug: boolean): Logger {
  const stream = { write: (line: string) => void out.write(line) };
  return pino({ level: debug ? 'debug' : 'info', base: undefined }, stream);
}
