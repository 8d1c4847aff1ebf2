// The filesystem and resolver operations boss discovery needs, injectable for tests.
import { readFileAsync as readFile } from '../util/read-file.js';
import { lookupIPv4, type LookupFunction } from '../transport/lookup.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

export interface BossDeps {
  readFile(path: string): Promise<Buffer>;
  lookup: LookupFunction;
  /** Reverse DNS of an address; first name. Only used in the last-resort discovery. */
  reverse(address: string): Promise<string>;
}

const REVERSE_DEADLINE_MS = 3000;

async function reverseWithDeadline(address: string): Promise<string> {
  const { Resolver } = await import('node:dns/promises');
  const r = new Resolver({ timeout: REVERSE_DEADLINE_MS, tries: 1 });
  const names = await r.reverse(address);
  const first = names[0];
  if (first === undefined) throw new Error(`no name for ${address}`);
  return first;
}

export const defaultBossDeps: BossDeps = {
  readFile: (p) => readFile(p),
  lookup: lookupIPv4,
  reverse: reverseWithDeadline,
};

/** First line of a file without its newline, or undefined when unreadable. Empty files give ''. */
export async function readFirstLine(deps: Pick<BossDeps, 'readFile'>, path: string): Promise<string | undefined> {
  const data = await ignoreFailure(deps.readFile(path), undefined, 'unreadable means "not there" in every place Emulab probes');
  if (data === undefined) return undefined;
  const text = data.toString('utf8');
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}
