// The one way a backend builds its RunningVnode handle: from the live step that
// started init. stop() is that step's own undo (its revert, journaled), so the
// stop protocol is written once — in the revert, which a recovery after a crash
// runs from the journal alone — and the live path cannot stop the vnode twice.
import type { ProcessExit } from '../runner/types.js';
import type { LiveRun } from '../steps/types.js';
import type { RunningVnode } from './types.js';

export interface RunningVnodeOptions {
  /** init's pid as the host sees it. */
  readonly pid: number;
  readonly reportsIsup: boolean;
  readonly ready?: Promise<void>;
}

export function runningVnode<R>(start: LiveRun<R, { readonly exited: Promise<ProcessExit> }>, o: RunningVnodeOptions): RunningVnode {
  const exited = start.live.exited;
  let stopped: Promise<void> | undefined;
  return {
    pid: o.pid,
    exited,
    reportsIsup: o.reportsIsup,
    ...(o.ready ? { ready: o.ready } : {}),
    stop(timeoutMs: number) {
      stopped ??= (async () => {
        await start.undo({ stopTimeoutMs: timeoutMs });
        // The revert saw init gone; this is only the reap catching up.
        await exited;
      })();
      return stopped;
    },
  };
}
