// Core's own runner with two things the harness needs: an argv prefix (to run
// inside a namespace with nsenter) and the set of long-lived pids it started, so
// destroy() kills exactly those and nothing else on the machine.
import { createExecaRunner, type Argv, type CommandRunner, type StartOptions, type StartedProcess } from '@tbvnode/core';
import { pino, type Logger } from 'pino';

export interface TrackingRunner extends CommandRunner {
  /** Pids of long-lived processes started and not yet seen to exit. */
  readonly live: ReadonlySet<number>;
}

export function createTrackingRunner(prefix: readonly string[] = [], log: Logger = pino({ level: 'silent' })): TrackingRunner {
  const inner = createExecaRunner({ log, env: process.env });
  const live = new Set<number>();
  const full = (argv: Argv): Argv => [...prefix, ...argv] as unknown as Argv;
  return {
    live,
    run: (argv, options) => inner.run(full(argv), options),
    async start(argv: Argv, options?: StartOptions): Promise<StartedProcess> {
      const started = await inner.start(full(argv), options);
      live.add(started.pid);
      void started.exited.then(() => live.delete(started.pid));
      return started;
    },
  };
}
