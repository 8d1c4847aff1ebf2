// Answers a request from the config cache when Emulab's rules allow it (§9).
import { readFileAsync, type ReadFile } from '../util/read-file.js';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { isCacheable } from './commands.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

/** The cached reply, or undefined when the request must go to the server. */
export async function readCached(
  root: string,
  vnodeId: string | undefined,
  command: string,
  args: readonly string[],
  readFile: ReadFile = readFileAsync,
): Promise<{ path: string; reply: Buffer } | undefined> {
  if (!isCacheable(command, args)) return undefined;
  const path = join(cacheDir(root, vnodeId), command);
  const data = await ignoreFailure(readFile(path), undefined, 'not cached: ask the server');
  if (data === undefined) return undefined;
  // Emulab skips stray section marker lines when reading a cache file.
  const marker = `*** ${command}`;
  const lines = data.toString('utf8').split(/(?<=\n)/).filter((l) => l.replace(/\n$/, '') !== marker);
  return { path, reply: Buffer.from(lines.join(''), 'utf8') };
}
