// <root>/var/emulab/boot/proxypath names the unix socket of the tmcc proxy as seen
// inside the vnode; when present the client talks to the proxy instead of boss.
import { readFileAsync, type ReadFile } from '../util/read-file.js';
import { join } from 'node:path';
import { BOOT_DIR } from '../constants.js';
import { TmccError } from '../errors.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

/** The proxy socket path under root, or undefined when there is no proxypath file. */
export async function readProxyPath(root: string, readFile: ReadFile = readFileAsync): Promise<string | undefined> {
  const data = await ignoreFailure(readFile(join(root, BOOT_DIR, 'proxypath')), undefined, 'no proxypath file: talk to boss directly');
  if (data === undefined) return undefined;
  const text = data.toString('utf8');
  const nl = text.indexOf('\n');
  const line = nl === -1 ? text : text.slice(0, nl);
  if (!/^[-\w./]+$/.test(line)) throw new TmccError('TMCC_CONFIG', `Bad data in tmccproxy path: ${line}`);
  return join(root, line);
}
