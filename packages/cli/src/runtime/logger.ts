// Command logs go to stderr synchronously, so nothing is lost when a command
// exits right after logging: readable lines on a terminal, JSON lines otherwise
// (a log file, a pipe to a collector).
import { pino, type Logger } from 'pino';
import { formatLogLine } from '../logs/log-lines.js';
import type { Output } from './cli-deps.js';

// pino hands a stream one JSON line (with its newline) per write.
export function readableStream(out: Output): { write(line: string): void } {
  return { write: (line: string) => void out.write(`${formatLogLine(line.replace(/\n$/, ''))}\n`) };
}

export function createCliLogger(out: Output, debug: boolean, readable = false): Logger {
  const stream = readable ? readableStream(out) : { write: (line: string) => void out.write(line) };
  return pino({ level: debug ? 'debug' : 'info', base: undefined }, stream);
}
