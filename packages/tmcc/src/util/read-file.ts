// File reads for small local config files.
import { readFile as readFileCb, readFileSync } from 'node:fs';

export type ReadFile = (path: string) => Promise<Buffer>;

// Callback fs wrapped in a promise: node:fs is loaded at process start while
// node:fs/promises is not. The default for library callers.
export const readFileAsync: ReadFile = (path) =>
  new Promise((resolve, reject) => {
    readFileCb(path, (err, data) => (err ? reject(err) : resolve(data)));
  });

// For the tmcc command: a one-shot process reading a few tiny files gains nothing
// from the libuv thread pool, and starting its threads is a measurable part of a cold start.
export const readFileNow: ReadFile = (path) =>
  new Promise((resolve) => {
    resolve(readFileSync(path));
  });
