// The host lock and the per-vnode locks, from core's locks.
import type { VnodeId } from '@tbvnode/core';
import type { HostRuntime } from './host-runtime.js';

export interface Locking {
  withVnodeLock<T>(id: VnodeId, fn: () => Promise<T>): Promise<T>;
  withHostLock<T>(fn: () => Promise<T>): Promise<T>;
}

export function createLocking(rt: HostRuntime): Locking {
  void rt;
  // TODO(foundation locks): replace with core's per-vnode and host locks.
  return {
    withVnodeLock: (_id, fn) => fn(),
    withHostLock: (fn) => fn(),
  };
}
