// The host lock and the per-vnode locks (core's O_EXCL lock files with stale
// detection), bound to this host's paths and deps.
import { withHostLock, withVnodeLock, type VnodeId } from '@tbvnode/core';
import type { HostRuntime } from './host-runtime.js';

export interface Locking {
  withVnodeLock<T>(id: VnodeId, fn: () => Promise<T>): Promise<T>;
  withHostLock<T>(fn: () => Promise<T>): Promise<T>;
}

export function createLocking(rt: HostRuntime): Locking {
  return {
    withVnodeLock: (id, fn) => withVnodeLock(rt.paths, id, rt.deps, fn),
    withHostLock: (fn) => withHostLock(rt.paths, rt.deps, fn),
  };
}
