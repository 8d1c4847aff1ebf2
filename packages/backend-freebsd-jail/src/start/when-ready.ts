// The jail's rc touches /var/emulab/boot/vrunning once it has run Emulab's
// rc.injail (which reports ISUP to boss through the proxy): the manager then
// writes the `running` marker vnodesetup -b waits for. Polled with the clock: the
// file appears inside the jail's image, where nothing tells the host.
import type { CoreDeps } from '@tbvnode/core';

export function whenFileAppears(isThere: () => Promise<boolean>, exited: Promise<unknown>, deps: Pick<CoreDeps, 'fs' | 'clock' | 'log'>, everyMs = 50): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  return new Promise<void>((resolve) => {
    void (async () => {
      // The jail ended first: never ready; the manager handles its exit.
      while (!gone) {
        if (await isThere()) {
          resolve();
          return;
        }
        await deps.clock.sleep(everyMs);
      }
    })().catch((err: unknown) => deps.log.warn({ err }, 'waiting for the jail\'s readiness file failed'));
  });
}
