// Recovery without a manager: the journal on disk says what is still in place.
// halt undoes the runtime steps (processes, mounts); kill undoes everything and
// then removes the config dir — refused while anything is mounted below it.
import type { CoreDeps } from '../deps.js';
import { isRealDir, safeRemoveConfigDir } from '../fs/safe-remove.js';
import { vnodePaths, type HostPaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { StepRegistry } from '../steps/registry.js';
import { undoJournal } from '../steps/undo.js';

export async function recoverVnode(o: {
  host: HostPaths;
  deps: CoreDeps;
  registry: StepRegistry;
  id: VnodeId;
  mode: 'halt' | 'kill';
}): Promise<boolean> {
  const paths = vnodePaths(o.host, o.id);
  // A config dir that is a symlink is refused before its journal is even read:
  // the journal there is not ours, nor is anything it names.
  if (!(await isRealDir(o.deps, paths.configDir))) return false;
  const report = await undoJournal({ journalPath: paths.journal, mode: o.mode, registry: o.registry, deps: o.deps, scope: o.id });
  o.deps.log.info({ vnode: o.id, mode: o.mode, undone: report.undone.length, kept: report.kept.length }, 'recovered from the journal');
  await o.deps.fs.rm(paths.runningMarker, { force: true });
  if (o.mode === 'kill') await safeRemoveConfigDir(o.deps, paths.configDir);
  return true;
}
