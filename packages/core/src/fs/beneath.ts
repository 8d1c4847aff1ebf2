// The one way the host touches a path beneath a vnode's root (or a jail image, or
// an overlay upper dir): the vnode controls everything below the root, so no
// component below it may be a symlink, and a regular file is never a fifo or a
// device. Each component is lstat'ed on the way down (FreeBSD jail(8) refuses the
// same in check_path); files are created O_EXCL|O_NOFOLLOW beside their target and
// renamed over it, and where /proc/self/fd exists the opened inode's path must be
// the path we meant, which catches a component swapped for a symlink mid-walk.
// Callers act while the vnode's processes are stopped; the checks are what keep a
// link planted during an earlier life from steering a host write.
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { CoreDeps } from '../deps.js';
import { kindOf, UnsafePathError, type PathKind } from './unsafe-path.js';
import { safeRemoveTree } from './safe-remove.js';
import { ifExists } from '../toolkit/if-exists.js';

export { UnsafePathError, type PathKind } from './unsafe-path.js';

type Deps = Pick<CoreDeps, 'fs' | 'mounts'>;

export interface Beneath {
  /** The root every relative path is taken below (host-owned). */
  readonly root: string;
  /** The absolute path of `rel` (validated: relative, no `..`); checks nothing on disk. */
  path(rel: string): string;
  /** What is at `rel` ('absent' included), refusing a symlink at any component. */
  kind(rel: string): Promise<PathKind>;
  /** mkdir -p below the root; every existing component must be a real directory. */
  mkdir(rel: string, mode?: number): Promise<void>;
  /** Replace `rel` with a regular file; refuses when something other than a regular file is there. */
  writeFile(rel: string, content: string | Buffer, mode?: number): Promise<void>;
  /** writeFile with the content of a host file (the source is host-owned, read normally). */
  copyFile(src: string, rel: string, mode?: number): Promise<void>;
  /** Copy a host directory tree to `rel` (symlinks in the source are copied as links, never followed). */
  copyTree(src: string, rel: string): Promise<void>;
  /** Rename within the root; neither side may pass through a symlink. */
  rename(fromRel: string, toRel: string): Promise<void>;
  /** Remove `rel` (a symlink itself, never its target); directories only with recursive. */
  rm(rel: string, options?: { readonly recursive?: boolean }): Promise<void>;
  /** Make (when missing) and check a mount target of the given kind; returns its absolute path. */
  mountTarget(rel: string, kind: 'dir' | 'file', mode?: number): Promise<string>;
  /** Create a symlink at `rel` (its parent checked); an existing entry is left alone when it is a link already. */
  symlink(target: string, rel: string): Promise<void>;
  /** chmod a directory or regular file (never through a link). */
  chmod(rel: string, mode: number): Promise<void>;
  /** chown a directory or regular file (never through a link): a user namespace's root owns it then. */
  chown(rel: string, uid: number, gid: number): Promise<void>;
  /** A directory's entries with their kinds (nothing followed). */
  list(rel: string): Promise<Array<{ readonly name: string; readonly kind: PathKind }>>;
  /** A regular file's content, or null when absent; refuses a link, fifo or device (never blocks on a fifo). */
  readFile(rel: string): Promise<string | null>;
}

/** Splits a relative path into checked components. Pure. */
export function componentsOf(root: string, rel: string): string[] {
  if (path.isAbsolute(rel) || rel.includes('\0')) throw new UnsafePathError(path.join(root, rel), `"${rel}" is not a relative path`);
  const parts = rel.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..')) throw new UnsafePathError(path.join(root, rel), `"${rel}" climbs out with ..`);
  return parts;
}

async function lstatKind(deps: Deps, abs: string): Promise<PathKind> {
  const st = await ifExists(deps.fs.lstat(abs));
  return st === undefined ? 'absent' : kindOf(st);
}

// Where /proc/self/fd exists (Linux), the kernel's own name for an open file.
async function openedPath(deps: Deps, fd: number): Promise<string | null> {
  return ifExists(deps.fs.readlink(`/proc/self/fd/${fd}`), null);
}

export function beneath(deps: Deps, root: string): Beneath {
  const top = path.resolve(root);
  let realTop: Promise<string> | undefined;
  const abs = (parts: readonly string[]): string => path.join(top, ...parts);

  async function checkRoot(): Promise<void> {
    const k = await lstatKind(deps, top);
    if (k !== 'dir') throw new UnsafePathError(top, k === 'absent' ? 'the root does not exist' : `the root is a ${k}, not a directory`);
  }

  // Walk to the parent of the last component, creating missing dirs when asked.
  async function walkDirs(parts: readonly string[], create: number | false): Promise<boolean> {
    await checkRoot();
    for (let i = 1; i <= parts.length; i += 1) {
      const p = abs(parts.slice(0, i));
      let k = await lstatKind(deps, p);
      if (k === 'absent') {
        if (create === false) return false;
        try {
          await deps.fs.mkdir(p, { mode: create });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        k = await lstatKind(deps, p);
      }
      if (k !== 'dir') throw new UnsafePathError(p, `a ${k} where a directory is expected`);
    }
    return true;
  }

  async function verifyOpened(fd: number, expected: string): Promise<void> {
    realTop ??= deps.fs.realpath(top);
    const want = path.join(await realTop, path.relative(top, expected));
    const got = await openedPath(deps, fd);
    if (got !== null && got !== want) throw new UnsafePathError(expected, `opened ${got} instead: a component changed under us`);
  }

  async function put(parts: readonly string[], content: string | Buffer, mode: number): Promise<void> {
    if (parts.length === 0) throw new UnsafePathError(top, 'cannot write the root itself');
    await walkDirs(parts.slice(0, -1), 0o755);
    const target = abs(parts);
    const k = await lstatKind(deps, target);
    if (k !== 'absent' && k !== 'file') throw new UnsafePathError(target, `a ${k} where a regular file is expected`);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tbvnode-tmp`);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await deps.fs.open(tmp, flags, mode);
    try {
      try {
        await verifyOpened(handle.fd, tmp);
        await handle.writeFile(content);
        // The umask must not widen or narrow what the caller asked for.
        await handle.chmod(mode);
      } finally {
        await handle.close();
      }
      await deps.fs.rename(tmp, target);
    } catch (err) {
      await deps.fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async function makeLink(target: string, parts: readonly string[]): Promise<void> {
    if (parts.length === 0) throw new UnsafePathError(top, 'cannot replace the root with a link');
    await walkDirs(parts.slice(0, -1), 0o755);
    const k = await lstatKind(deps, abs(parts));
    if (k === 'symlink') return;
    if (k !== 'absent') throw new UnsafePathError(abs(parts), `a ${k} where a link is to be made`);
    await deps.fs.symlink(target, abs(parts));
  }

  async function copyTreeAt(src: string, parts: readonly string[]): Promise<void> {
    const st = await deps.fs.lstat(src);
    if (st.isSymbolicLink()) {
      await makeLink(await deps.fs.readlink(src), parts);
    } else if (st.isDirectory()) {
      await walkDirs(parts, st.mode & 0o7777);
      for (const name of await deps.fs.readdir(src)) await copyTreeAt(path.join(src, name), [...parts, name]);
    } else if (st.isFile()) {
      await put(parts, await deps.fs.readFile(src), st.mode & 0o7777);
    } else {
      throw new UnsafePathError(src, `refusing to copy a ${kindOf(st)}`);
    }
  }

  return {
    root: top,
    path: (rel) => abs(componentsOf(top, rel)),
    async kind(rel) {
      const parts = componentsOf(top, rel);
      if ((await lstatKind(deps, top)) === 'absent') return 'absent';
      if (!(await walkDirs(parts.slice(0, -1), false))) return 'absent';
      return parts.length === 0 ? 'dir' : lstatKind(deps, abs(parts));
    },
    async mkdir(rel, mode = 0o755) {
      await walkDirs(componentsOf(top, rel), mode);
    },
    writeFile: (rel, content, mode = 0o644) => put(componentsOf(top, rel), content, mode),
    async copyFile(src, rel, mode = 0o644) {
      await put(componentsOf(top, rel), await deps.fs.readFile(src), mode);
    },
    copyTree: (src, rel) => copyTreeAt(src, componentsOf(top, rel)),
    async rename(fromRel, toRel) {
      const from = componentsOf(top, fromRel);
      const to = componentsOf(top, toRel);
      if (from.length === 0 || to.length === 0) throw new UnsafePathError(top, 'cannot rename the root');
      await walkDirs(from.slice(0, -1), false);
      await walkDirs(to.slice(0, -1), 0o755);
      await deps.fs.rename(abs(from), abs(to));
    },
    async rm(rel, options = {}) {
      const parts = componentsOf(top, rel);
      if (parts.length === 0) throw new UnsafePathError(top, 'cannot remove the root through beneath()');
      if (!(await walkDirs(parts.slice(0, -1), false))) return;
      const target = abs(parts);
      const k = await lstatKind(deps, target);
      if (k === 'absent') return;
      if (k !== 'dir') {
        await deps.fs.unlink(target);
        return;
      }
      if (!options.recursive) throw new UnsafePathError(target, 'is a directory (not removing without recursive)');
      await safeRemoveTree(deps, target);
    },
    async mountTarget(rel, kind, mode) {
      const parts = componentsOf(top, rel);
      const target = abs(parts);
      if (kind === 'dir') {
        await walkDirs(parts, mode ?? 0o755);
        return target;
      }
      await walkDirs(parts.slice(0, -1), 0o755);
      const k = await lstatKind(deps, target);
      if (k === 'absent') await put(parts, '', mode ?? 0o644);
      else if (k !== 'file') throw new UnsafePathError(target, `a ${k} where a regular file is expected`);
      return target;
    },
    symlink: (target, rel) => makeLink(target, componentsOf(top, rel)),
    async chmod(rel, mode) {
      const parts = componentsOf(top, rel);
      await walkDirs(parts.slice(0, -1), false);
      const k = parts.length === 0 ? 'dir' : await lstatKind(deps, abs(parts));
      if (k !== 'dir' && k !== 'file') throw new UnsafePathError(abs(parts), `refusing to chmod a ${k}`);
      await deps.fs.chmod(abs(parts), mode);
    },
    async chown(rel, uid, gid) {
      const parts = componentsOf(top, rel);
      await walkDirs(parts.slice(0, -1), false);
      const k = parts.length === 0 ? 'dir' : await lstatKind(deps, abs(parts));
      if (k !== 'dir' && k !== 'file') throw new UnsafePathError(abs(parts), `refusing to chown a ${k}`);
      await deps.fs.chown(abs(parts), uid, gid);
    },
    async list(rel) {
      const parts = componentsOf(top, rel);
      await walkDirs(parts, false);
      const dir = abs(parts);
      const names = await deps.fs.readdir(dir);
      return Promise.all(names.map(async (name) => ({ name, kind: await lstatKind(deps, path.join(dir, name)) })));
    },
    async readFile(rel) {
      const parts = componentsOf(top, rel);
      if (parts.length === 0) throw new UnsafePathError(top, 'cannot read the root as a file');
      if (!(await walkDirs(parts.slice(0, -1), false))) return null;
      const target = abs(parts);
      const k = await lstatKind(deps, target);
      if (k === 'absent') return null;
      if (k !== 'file') throw new UnsafePathError(target, `a ${k} where a regular file is expected`);
      // O_NONBLOCK: a fifo swapped in after the lstat must not hang the host.
      const handle = await deps.fs.open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      try {
        await verifyOpened(handle.fd, target);
        if (!(await handle.stat()).isFile()) throw new UnsafePathError(target, 'not a regular file once opened');
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    },
  };
}
