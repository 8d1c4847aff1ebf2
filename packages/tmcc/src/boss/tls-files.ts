// Finds Emulab's client.pem (cert + key) and the CA emulab.pem in the first config
// directory that has client.pem. No client.pem means plain TCP; client.pem without
// its CA is Emulab's "SSL initialization failed!".
import { readFileAsync as readFile } from '../util/read-file.js';
import { join } from 'node:path';
import { CONFIG_DIRS } from '../constants.js';
import { TmccError } from '../errors.js';
import type { TlsFiles } from '../transport/types.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

export const SSL_INIT_FAILED = 'SSL initialization failed!';

export async function findTlsFiles(
  root: string,
  read: (path: string) => Promise<Buffer> = (p) => readFile(p),
): Promise<TlsFiles | null> {
  for (const dir of CONFIG_DIRS) {
    const pem = await ignoreFailure(read(join(root, dir, 'client.pem')), undefined, 'not in this directory; try the next');
    if (pem === undefined) continue;
    try {
      const ca = await read(join(root, dir, 'emulab.pem'));
      return { cert: pem, key: pem, ca };
    } catch (err) {
      throw new TmccError('TMCC_TLS', SSL_INIT_FAILED, { cause: err });
    }
  }
  return null;
}
