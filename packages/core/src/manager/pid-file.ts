// The manager's pid file, written atomically (temp file, fsync, rename) so a
// reader never sees a half-written pid; removed only if it still holds our pid.
import path from 'node:path';
import type { CoreFs } from '../deps.js';
import type { PidFileOps } from './parts.js';

export function managerPidFile(fs: Pick<CoreFs, 'mkdir' | 'open' | 'rename' | 'readFile' | 'rm'>, file: string, pid: number): PidFileOps {
  return {
    async write() {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${pid}`;
      const handle = await fs.open(tmp, 'w', 0o644);
      try {
        await handle.write(`${pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    },
    async remove() {
      let content: string;
      try {
        content = await fs.readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      // Another manager may have taken over after vnodesetup cleared us as stale.
      if (content.trim() === String(pid)) await fs.rm(file, { force: true });
    },
  };
}
