// The vnode's rc touches /var/emulab/boot/vrunning when it is done (Emulab's
// readiness file); the host sees it under the vnode's root. Polled, because the
// file appears inside a mount namespace the host cannot watch with inotify.
import type { VnodeContext } from '@tbvnode/core';

export function whenReady(
  file: string,
  exited: Promise<unknown>,
  deps: Pick<VnodeContext['deps'], 'fs' | 'clock'>,
  everyMs = 25,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  return new Promise<void>((resolve) => {
    const poll = async (): Promise<void> => {
      while (!gone) {
        try {
          await deps.fs.lstat(file);
          resolve();
          return;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        await deps.clock.sleep(everyMs);
      }
      // The vnode died first: never ready; the manager handles its exit.
    };
    poll().catch(() => undefined);
  });
}
