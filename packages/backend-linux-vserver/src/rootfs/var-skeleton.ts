// mkvserver duplicated the host's /var directory tree without contents and gave
// the vnode empty copies of the log files. The host's tree is scanned once and
// replayed per vnode (pure replay list; I/O at both ends).
import path from 'node:path';
import type { Dirent } from 'node:fs';
import { ifExists, type Beneath, type CoreFs } from '@tbvnode/core';

export interface VarEntry {
  readonly rel: string;
  readonly kind: 'dir' | 'symlink' | 'log';
  readonly target?: string;
  readonly mode?: number;
}

// Emulab's own state (jails live there!) and caches are never mirrored.
const SKIP = new Set(['emulab', 'cache', 'tmp/systemd-private', 'lib/docker', 'lib/containers']);

export async function scanVar(fs: CoreFs, hostVar = '/var', maxEntries = 5_000): Promise<VarEntry[]> {
  const out: VarEntry[] = [];
  const queue = [''];
  while (queue.length > 0 && out.length < maxEntries) {
    const rel = queue.shift() as string;
    let entries: Dirent[];
    try {
      // File types from readdir itself: /var/lib holds thousands of files we must not lstat one by one.
      entries = await fs.readdir(path.join(hostVar, rel), { withFileTypes: true });
    } catch (e) {
      // Unreadable corners of /var (permissions, races) are just not mirrored.
      if (['EACCES', 'ENOENT', 'ENOTDIR', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) continue;
      throw e;
    }
    for (const d of entries) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (SKIP.has(r)) continue;
      if (d.isSymbolicLink()) out.push({ rel: r, kind: 'symlink', target: await fs.readlink(path.join(hostVar, r)) });
      else if (d.isDirectory()) {
        const st = await ifExists(fs.lstat(path.join(hostVar, r)), null);
        if (st === null) continue;
        out.push({ rel: r, kind: 'dir', mode: st.mode & 0o7777 });
        queue.push(r);
      } else if (d.isFile() && rel === 'log') out.push({ rel: r, kind: 'log', mode: 0o640 });
    }
  }
  return out;
}

// Into `varRel` below `into` (a vnode root or the host's template dir), through
// core's beneath(): a link where a directory should be is refused, not followed.
export async function replayVar(into: Beneath, entries: readonly VarEntry[], varRel: string): Promise<void> {
  for (const e of entries) {
    const dst = path.posix.join(varRel, e.rel);
    if (e.kind === 'dir') await into.mkdir(dst, e.mode ?? 0o755);
    else if (e.kind === 'symlink') await into.symlink(e.target ?? '', dst);
    else await into.mountTarget(dst, 'file', e.mode ?? 0o644);
  }
}
