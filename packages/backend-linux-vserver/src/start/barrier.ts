// The start barrier, host side. enter.sh blocks reading a fifo inside the root;
// a non-blocking open for writing succeeds only once that reader is there, so
// polling open() tells us the vnode's namespaces exist without a second signal.
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Clock, CoreFs, ProcessExit } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';

export async function openBarrier(
  fs: CoreFs,
  clock: Clock,
  fifo: string,
  exited: Promise<ProcessExit>,
  timeoutMs: number,
): Promise<FileHandle> {
  let gone: ProcessExit | undefined;
  void exited.then((e) => (gone = e));
  const until = clock.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    try {
      // O_NOFOLLOW: a link planted where the fifo goes must not be opened (boot-files removed it too).
      return await fs.open(fifo, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOENT: enter.sh has not made the fifo yet; ENXIO: nobody reads it yet.
      if (code !== 'ENXIO' && code !== 'ENOENT') throw e;
    }
    if (gone) {
      throw new LinuxBackendError('LINUX_START_FAILED', `vnode start exited before the barrier (exit ${gone.exitCode ?? gone.signal})`);
    }
    if (clock.now() >= until) throw new LinuxBackendError('LINUX_START_FAILED', `vnode did not reach the start barrier within ${timeoutMs} ms`);
    await clock.sleep(delay);
    delay = Math.min(delay * 2, 25);
  }
}

/** The host pid of unshare's only child: the vnode's pid-namespace init. */
export async function findInitPid(fs: CoreFs, unsharePid: number): Promise<number> {
  const text = await fs.readFile(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8');
  const pid = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new LinuxBackendError('LINUX_START_FAILED', `unshare ${unsharePid} has no child`);
  return pid;
}
