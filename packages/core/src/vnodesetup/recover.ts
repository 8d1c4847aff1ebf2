// Recovery without a manager: the journal on disk says what is still in place.
// halt undoes the runtime steps (processes, mounts); kill undoes everything and
// then removes the config dir — refused while anything is mounted below it —
// keeping the console log first, as a manager's own teardown does.
import type { CoreDeps } from '../deps.js';
import { isRealDir, safeRemoveConfigDir } from '../fs/safe-remove.js';
import { vnodePaths, type HostPaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { StepRegistry } from '../steps/registry.js';
import { undoJournal } from '../steps/undo.js';
import { keepConsoleLog } from '../manager/keep-console.js';

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
  const undo = (mode: 'halt' | 'kill') => undoJournal({ journalPath: paths.journal, mode, registry: o.registry, deps: o.deps, scope: o.id });
  // A kill first halts (the vnode stops, its console log is complete), keeps
  // the console, then undoes the persistent rest, which removes the log.
  const halted = await undo('halt');
  if (o.mode === 'kill') await keepConsoleLog(o.deps, paths, o.deps.log);
  const report = o.mode === 'kill' ? await undo('kill') : halted;
  o.deps.log.info({ vnode: o.id, mode: o.mode, undone: halted.undone.length + (report === halted ? 0 : report.undone.length), kept: report.kept.length }, 'recovered from the journal');
  await o.deps.fs.rm(paths.runningMarker, { force: true });
  if (o.mode === 'kill') await safeRemoveConfigDir(o.deps, paths.configDir);
  return true;
}
