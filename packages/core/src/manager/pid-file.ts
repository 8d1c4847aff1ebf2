// The manager's pid file: written atomically with core's helper; removed only
// if it still holds our pid (vnodesetup may have cleared us as stale and a new
// manager taken over).
import path from 'node:path';
import type { CoreFs } from '../deps.js';
import { readPidFile, writePidFile } from '../locks/pid-file.js';
import type { PidFileOps } from './parts.js';

export function managerPidFile(fs: Pick<CoreFs, 'open' | 'rename' | 'rm' | 'readFile' | 'mkdir'>, file: string, pid: number): PidFileOps {
  return {
    async write() {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writePidFile(fs, file, pid);
    },
    async remove() {
      let current: number | null;
      try {
        current = await readPidFile(fs, file);
      } catch (err) {
        // A garbled file is not ours to keep either; it would block the next boot.
        if ((err as { code?: string }).code !== 'BAD_PID_FILE') throw err;
        current = pid;
      }
      if (current === pid) await fs.rm(file, { force: true });
    },
  };
}
