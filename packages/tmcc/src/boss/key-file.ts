// Which private key the request carries (TMCD-PROTOCOL.md §3). Emulab's order:
// <root>/etc/emulab/emulab-privkey (not in -l mode; silently beats -k), then -k
// (must be readable), then <root>/etc/emulab.pkey if present. First line only.
import { readFileAsync as readFile } from '../util/read-file.js';
import { join } from 'node:path';
import { TmccError } from '../errors.js';
import { errnoOf, strerror } from '../transport/strerror.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

export interface KeyFileParams {
  root: string;
  /** -k: taken as given (relative to the working directory). */
  keyFile?: string;
  /** -l mode skips emulab-privkey. */
  unixMode?: boolean;
  readFile?: (path: string) => Promise<Buffer>;
}

function firstLine(data: Buffer): string {
  const text = data.toString('utf8');
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

function tryRead(read: (p: string) => Promise<Buffer>, path: string): Promise<Buffer | undefined> {
  return ignoreFailure(read(path), undefined, 'optional key locations: absence is normal');
}

/** The key, or undefined when there is none (no PRIVKEY token is then sent). */
export async function readPrivateKey(p: KeyFileParams): Promise<string | undefined> {
  const read = p.readFile ?? ((path: string) => readFile(path));
  let data: Buffer | undefined;
  if (p.unixMode !== true) data = await tryRead(read, join(p.root, 'etc/emulab/emulab-privkey'));
  if (data === undefined && p.keyFile !== undefined) {
    try {
      data = await read(p.keyFile);
    } catch (err) {
      throw new TmccError('TMCC_KEYFILE', `keyfile: ${strerror(err)}`, { cause: err, errno: errnoOf(err) });
    }
  }
  if (data === undefined && p.keyFile === undefined) data = await tryRead(read, join(p.root, 'etc/emulab.pkey'));
  if (data === undefined) return undefined;
  const key = firstLine(data);
  // An empty first line would make an empty PRIVKEY= token, which tmcd drops; send none.
  return key === '' ? undefined : key;
}
