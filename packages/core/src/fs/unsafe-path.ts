// The refusal every host-side path check raises, and the kinds of inode it names.
import type { Stats } from 'node:fs';
import { SYSEXITS, TbvnodeError } from '../errors/tbvnode-error.js';

export type PathKind = 'absent' | 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'device';

export class UnsafePathError extends TbvnodeError {
  declare readonly code: 'UNSAFE_PATH';
  readonly path: string;
  constructor(file: string, why: string) {
    super('UNSAFE_PATH', `refusing ${file}: ${why} (nothing below a vnode's root is trusted)`, { exitStatus: SYSEXITS.DATAERR });
    this.path = file;
  }
}

/** What an lstat saw. Pure. */
export function kindOf(st: Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket'>): Exclude<PathKind, 'absent'> {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'device';
}
