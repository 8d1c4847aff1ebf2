// Read-only: what in the jails' /etc template a jail must never see (there
// should be nothing): secret names, files not world-readable, and password
// hashes in the account files. Doctor fails on any; create refuses to copy it.
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';
import { hashedAccounts, holdsCryptHash, isEtcSecret } from '../plan/etc-template.js';

const ACCOUNT_FILES = new Set(['master.passwd', 'passwd', 'spwd.db', 'pwd.db']);

/** Secrets in the template, breadth first and bounded; null when there is no template. */
export async function secretsInTemplate(fs: CoreFs, dir: string, max = 20_000): Promise<string[] | null> {
  const top = await fs.lstat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (top === null) return null;
  const found: string[] = [];
  const queue = [''];
  let seen = 0;
  while (queue.length > 0 && seen < max) {
    const rel = queue.shift() as string;
    for (const name of (await fs.readdir(path.join(dir, rel))).sort()) {
      seen++;
      const r = rel ? `${rel}/${name}` : name;
      const st = await fs.lstat(path.join(dir, r));
      if (st.isSymbolicLink()) {
        // Nothing behind it to judge (it resolves in the jail), but a secret's name is not a template's.
        if (isEtcSecret(r, 0o644, false)) found.push(r);
        continue;
      }
      if (isEtcSecret(r, st.mode, st.isDirectory())) found.push(r);
      else if (st.isDirectory()) queue.push(r);
      else if (ACCOUNT_FILES.has(r)) {
        const text = (await fs.readFile(path.join(dir, r))).toString('latin1');
        const hashed = r === 'master.passwd' ? hashedAccounts(text) : [];
        if (hashed.length > 0) found.push(`${r} (password hashes: ${hashed.join(', ')})`);
        else if (holdsCryptHash(text)) found.push(`${r} (a password hash)`);
      }
    }
  }
  return found;
}
