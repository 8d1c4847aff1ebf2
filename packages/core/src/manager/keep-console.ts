// A kill removes the config dir, and with it the console log — what an operator
// reads to learn why a vnode died. Both a manager's teardown and a recovery
// without a manager keep a copy in the host's logs dir first.
import path from 'node:path';
import type { Logger } from 'pino';
import type { CoreDeps } from '../deps.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { VnodePaths } from '../paths/layout.js';
import { ifExists } from '../toolkit/if-exists.js';

// Copies (never follows a link to) the console log, replacing the previous
// life's; a vnode that never printed has none.
export async function keepConsoleLog(deps: Pick<CoreDeps, 'fs'>, paths: VnodePaths, log: Logger): Promise<void> {
  const st = await ifExists(deps.fs.lstat(paths.consoleLog), null, ['ENOTDIR']);
  if (st === null) return;
  if (!st.isFile()) {
    log.warn({ file: paths.consoleLog }, 'console log is not a regular file; not kept');
    return;
  }
  await deps.fs.mkdir(path.dirname(paths.keptConsoleLog), { recursive: true, mode: 0o755 });
  await writeFileAtomic(deps.fs, paths.keptConsoleLog, await deps.fs.readFile(paths.consoleLog), 0o640);
  log.info({ file: paths.keptConsoleLog }, 'console log kept');
}
