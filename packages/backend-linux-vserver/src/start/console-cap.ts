// The vnode's stdout and stderr are console.log itself (an O_APPEND descriptor
// the vnode holds, no pipe through the manager, so it outlives a manager
// restart). A vnode that prints without end would fill the host's disk: while
// the vnode runs, the manager checks the file's size and, past the cap, cuts
// it back to its first half (the boot, the useful start) plus a mark and the
// latest output. The vnode's next writes land after that (O_APPEND).
//
// Bound: the cap plus what the vnode writes between two checks (its CPU share
// limits how fast); a few bytes written during a cut can be lost. Without a
// running manager nothing cuts (the vnode's memory, pids and CPU limits still
// hold).
import type { CoreDeps } from '@tbvnode/core';

export interface ConsoleCapOptions {
  readonly file: string;
  readonly maxBytes: number;
  readonly intervalMs: number;
  // Resolves when the vnode is gone; the watch ends then.
  readonly until: Promise<unknown>;
}

/** Pure: how to cut a log of `size` bytes so it fits in `max`; null when it fits. */
export function planCut(size: number, max: number): { keepHead: number; keepTail: number } | null {
  if (size <= max) return null;
  const keepHead = Math.floor(max / 2);
  return { keepHead, keepTail: Math.floor(max / 4) };
}

function cutMark(at: Date, max: number): string {
  return `\n[tbvnode: console output cut here at ${at.toISOString()}; console.log is capped at ${max} bytes]\n`;
}

// Cuts once if needed; returns whether it did.
export async function cutConsoleLog(deps: Pick<CoreDeps, 'fs' | 'clock'>, file: string, max: number): Promise<boolean> {
  const size = (await deps.fs.stat(file)).size;
  const cut = planCut(size, max);
  if (cut === null) return false;
  const tail = Buffer.alloc(cut.keepTail);
  const fh = await deps.fs.open(file, 'r');
  try {
    await fh.read(tail, 0, cut.keepTail, size - cut.keepTail);
  } finally {
    await fh.close();
  }
  await deps.fs.truncate(file, cut.keepHead);
  await deps.fs.appendFile(file, Buffer.concat([Buffer.from(cutMark(new Date(deps.clock.now()), max)), tail]));
  return true;
}

// Watches until `until` resolves. Errors (the file removed under us) end the
// watch with a log line; they never touch the vnode.
export function watchConsoleLog(deps: Pick<CoreDeps, 'fs' | 'clock' | 'log'>, o: ConsoleCapOptions): Promise<void> {
  const stop = new AbortController();
  void o.until.then(() => stop.abort(new Error('vnode gone')));
  return (async () => {
    while (!stop.signal.aborted) {
      try {
        await deps.clock.sleep(o.intervalMs, stop.signal);
      } catch (err) {
        if (stop.signal.aborted) return;
        throw err;
      }
      try {
        if (await cutConsoleLog(deps, o.file, o.maxBytes)) deps.log.warn({ file: o.file, maxBytes: o.maxBytes }, 'console.log cut back to its cap');
      } catch (err) {
        deps.log.warn({ err, file: o.file }, 'console.log cap: cannot check the file; no longer capped');
        return;
      }
    }
  })();
}
