// Does a path exist? lstat, so a dangling symlink counts: steps must not create
// over, or forget to undo, a link that points nowhere. Errors other than ENOENT
// (EACCES, EIO) are raised, never read as "absent".
import type { CoreDeps } from '../deps.js';
import { ifExists } from '../toolkit/if-exists.js';

export async function pathExists(deps: Pick<CoreDeps, 'fs'>, file: string): Promise<boolean> {
  return ifExists(deps.fs.lstat(file).then(() => true), false);
}
