// The proxy's socket lives below the vnode's root, and the vnode is running when
// the supervisor restarts the proxy (anyone inside can delete the socket). Every
// start and restart first checks, through beneath(), that the socket's directory
// is still a real directory, so a link swapped in for it cannot make the proxy
// bind (or clear a stale socket) on the host. The check narrows the window; it
// cannot close it (Node cannot bind relative to a directory fd).
import path from 'node:path';
import type { CoreDeps } from '../deps.js';
import { beneath } from '../fs/beneath.js';
import type { SupervisedProxy } from './proxy-supervisor.js';

export function guardSocketDir(proxy: SupervisedProxy, deps: Pick<CoreDeps, 'fs' | 'mounts'>, rootDir: string, socketPath: string): SupervisedProxy {
  const rel = path.relative(rootDir, path.dirname(socketPath));
  // A socket outside the root (not a backend we know) has nothing of the vnode's to check.
  if (rel.startsWith('..') || path.isAbsolute(rel)) return proxy;
  const check = () => beneath(deps, rootDir).mkdir(rel);
  return {
    async start() {
      await check();
      await proxy.start();
    },
    async restart() {
      await check();
      await proxy.restart();
    },
    stop: () => proxy.stop(),
    on: (event, listener) => proxy.on(event, listener),
    off: (event, listener) => proxy.off(event, listener),
  };
}
