// The manager's pid file: written atomically with core's helper; removed only
// if it still holds our pid (vnodesetup may have cleared us as stale and a new
// manager taken over).
import path from 'node:path';
import type { CoreFs, ProcessTable } from '../deps.js';
import { readPidFile, writePidFile } from '../locks/pid-file.js';
import type { PidFileOps } from './parts.js';

// The file records who we are (start time, argv as the kernel shows them), so
// vnodesetup can tell us from a process that inherits our pid after a crash.
export function managerPidFile(
  fs: Pick<CoreFs, 'open' | 'rename' | 'rm' | 'readFile' | 'mkdir'>, file: string, pid: number, proc?: ProcessTable,
): PidFileOps {
  return {
    async write() {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const who = proc ? { startToken: await proc.startToken(pid), argv: (await proc.commandLine?.(pid)) ?? null } : {};
      await writePidFile(fs, file, pid, who);
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
