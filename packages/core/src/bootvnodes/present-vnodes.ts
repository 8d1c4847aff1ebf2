// The vnodes "present" on this host are the config dirs under the jails dir.
// Emulab only looked at names like pcvm*; we take every valid vnode id, and skip
// (with a log line) anything else that happens to live there.
import type { CoreDeps } from '../deps.js';
import type { HostPaths } from '../paths/layout.js';
import { isValidVnodeId } from '../paths/vnode-id.js';
import type { VnodeEntry } from './plan.js';
import { pathExists } from '../fs/path-exists.js';
import { ifExists } from '../toolkit/if-exists.js';

// Emulab's marker for a fake vnode (JAILED=0) in its config dir.
const FAKEJAIL_MARKER = 'fakejail';

export async function listPresentVnodes(host: HostPaths, deps: Pick<CoreDeps, 'fs' | 'log'>): Promise<VnodeEntry[]> {
  const names = await ifExists(deps.fs.readdir(host.jailsDir));
  if (names === undefined) return [];
  const found: VnodeEntry[] = [];
  for (const name of names.sort()) {
    if (!isValidVnodeId(name)) {
      deps.log.debug({ entry: name }, 'jails dir entry is not a vnode id; skipped');
      continue;
    }
    const st = await deps.fs.lstat(`${host.jailsDir}/${name}`);
    if (!st.isDirectory()) continue;
    found.push({ vnodeId: name, jailed: !(await pathExists(deps, `${host.jailsDir}/${name}/${FAKEJAIL_MARKER}`)) });
  }
  return found;
}

