import { mkdtemp } from 'node:fs/promises';
import { safeRemoveTree } from '../../src/fs/safe-remove.js';
import os from 'node:os';
import path from 'node:path';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { ensureHostLayout } from '../../src/paths/ensure-layout.js';
import type { ConformanceHost } from '../../src/testing/conformance-checks.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

export async function makeTempHost(): Promise<ConformanceHost> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tbv-conf-'));
  const deps = createTestDeps();
  const paths = hostPaths(root);
  await ensureHostLayout(deps.fs, paths);
  const host = { paths, deps, log: deps.log, options: {} };
  return {
    host,
    makeVnode: async (id) => {
      const vp = vnodePaths(paths, id);
      return {
        vnode: { id: vp.id, paths: vp, host, config: { jailconfig: {}, replies: new Map() }, options: {}, deps, log: deps.log.child({ vnode: id }) },
      };
    },
    dispose: () => safeRemoveTree(deps, root),
  };
}
