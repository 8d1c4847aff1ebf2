// The host facts and settings the vnode's containment needs, gathered for the
// pure planners (rootfs/layout.ts) and the steps.
import path from 'node:path';
import type { BackendOptions, CoreFs } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { EMULAB_LOCAL_ETC, MASKED_PATHS, READONLY_PATHS, SYSTEM_DIRS, type HostEntry } from '../rootfs/layout.js';

/** The /etc the per-host template is made from: the host's, or (tests) a private copy. */
export function hostEtcOf(options: BackendOptions): string {
  const v = options['hostEtc'];
  if (v === undefined || v === '') return '/etc';
  if (typeof v !== 'string' || !path.isAbsolute(v)) throw new LinuxBackendError('LINUX_BAD_OPTION', `hostEtc must be an absolute path, got ${JSON.stringify(v)}`);
  return v;
}

/** What the host's top-level system dirs are (planRoot mounts dirs, recreates links). */
export async function hostEntries(fs: CoreFs): Promise<Record<string, HostEntry>> {
  const out: Record<string, HostEntry> = {};
  for (const d of SYSTEM_DIRS) {
    try {
      const st = await fs.lstat(`/${d}`);
      out[d] = st.isSymbolicLink() ? { kind: 'symlink', target: await fs.readlink(`/${d}`) } : st.isDirectory() ? { kind: 'dir' } : { kind: 'absent' };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      out[d] = { kind: 'absent' };
    }
  }
  return out;
}

/** The masked and read-only /proc, /sys entries this kernel has (dirs with a trailing slash). */
export async function kernelViewsPresent(fs: CoreFs): Promise<string[]> {
  const out: string[] = [];
  for (const p of [...READONLY_PATHS, ...MASKED_PATHS]) {
    try {
      out.push((await fs.lstat(p)).isDirectory() ? `${p}/` : p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return out;
}

/** Does the host have /usr/local/etc (the tmcc overlay's mount point)? */
export async function hasLocalEtc(fs: CoreFs): Promise<boolean> {
  return fs.stat(EMULAB_LOCAL_ETC).then((s) => s.isDirectory(), (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return false;
    throw e;
  });
}
