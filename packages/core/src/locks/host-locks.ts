// The two locks vnodes share a host through: the host lock (prepareHost runs once
// per boot) and one lock per vnode (two bootvnodes never boot one vnode twice).
import type { CoreDeps } from '../deps.js';
import { vnodePaths, type HostPaths } from '../paths/layout.js';
import { withLockFile } from './lock-file.js';

export interface HostLockOptions {
  readonly timeoutMs?: number;
  readonly purpose?: string;
}

type Deps = Pick<CoreDeps, 'fs' | 'proc' | 'clock' | 'log'>;

// Host preparation can take a while (bridges, modules); waiting vnodesetups queue behind it.
const HOST_LOCK_TIMEOUT_MS = 120_000;
// A vnode operation (boot waits up to 60 s for `running`, stop 30 s) holds its lock throughout.
const VNODE_LOCK_TIMEOUT_MS = 150_000;

export function withHostLock<T>(host: HostPaths, deps: Deps, fn: () => Promise<T>, o: HostLockOptions = {}): Promise<T> {
  return withLockFile(deps, host.hostLock, {
    timeoutMs: o.timeoutMs ?? HOST_LOCK_TIMEOUT_MS,
    purpose: o.purpose ?? 'prepare host',
  }, fn);
}

/** Validates the id (via vnodePaths) before touching any path. */
export function withVnodeLock<T>(
  host: HostPaths, id: string, deps: Deps, fn: () => Promise<T>, o: HostLockOptions = {},
): Promise<T> {
  return withLockFile(deps, vnodePaths(host, id).lockFile, {
    timeoutMs: o.timeoutMs ?? VNODE_LOCK_TIMEOUT_MS,
    purpose: o.purpose ?? `vnode ${id}`,
  }, fn);
}
