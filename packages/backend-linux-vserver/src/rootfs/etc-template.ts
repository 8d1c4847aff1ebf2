// The per-host /etc template every vnode's /etc is made from (the overlay's
// lower layer, or the copy): the host's /etc without its secrets. Left out:
// anything not readable by every host user (shadow, gshadow, SSH host private
// keys, ssl/private, most credentials), plus by name what is secret even when a
// careless mode makes it world-readable (Emulab's keys and certificates).
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';

/** Paths relative to /etc that never reach a vnode, whatever their mode. */
const SECRET_NAMES: readonly RegExp[] = [
  /^(shadow|gshadow)-?$/,
  /^ssh\/ssh_host_[^/]*$/,
  /^emulab\/.*(\.pem|\.key|privkey.*|\.crt|pubkey.*|passdb.*)$/,
  /^(ssl\/private|security\/opasswd|krb5\.keytab|NetworkManager\/system-connections|wpa_supplicant|ppp\/(chap|pap)-secrets)(\/|$)/,
];

/** Pure: is /etc/<rel> (with this st_mode) kept out of the template? */
export function isSecret(rel: string, mode: number, isDir: boolean): boolean {
  if (SECRET_NAMES.some((r) => r.test(rel))) return true;
  // Not world-readable (a dir: not world-searchable): not for a vnode's root.
  return isDir ? (mode & 0o005) !== 0o005 : (mode & 0o004) === 0;
}

/** Copies `src` into `dst` leaving out secrets; symlinks stay as they are. Returns what it left out. */
export async function buildEtcTemplate(fs: CoreFs, src: string, dst: string): Promise<string[]> {
  const left: string[] = [];
  await fs.mkdir(dst, { recursive: true, mode: 0o755 });
  const queue = [''];
  while (queue.length > 0) {
    const rel = queue.shift() as string;
    for (const d of await fs.readdir(path.join(src, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      const from = path.join(src, r);
      const to = path.join(dst, r);
      if (d.isSymbolicLink()) {
        await fs.symlink(await fs.readlink(from), to);
        continue;
      }
      if (!d.isDirectory() && !d.isFile()) continue;
      const st = await fs.lstat(from);
      if (isSecret(r, st.mode, d.isDirectory())) {
        left.push(r);
        continue;
      }
      if (d.isDirectory()) {
        await fs.mkdir(to, { mode: st.mode & 0o7777 });
        queue.push(r);
      } else {
        await fs.copyFile(from, to);
        await fs.chmod(to, st.mode & 0o777);
      }
    }
  }
  return left;
}
