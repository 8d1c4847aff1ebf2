// A long-lived child whose stdout is read line by line (the boss simulator, the
// CLI in the foreground). Kept by pid so the demo kills only what it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface LineProcess {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** Resolves with the first line the predicate accepts; rejects at the deadline or exit. */
  waitForLine(accept: (line: string) => boolean, deadlineMs: number, what: string): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Closes the child's stdin (only with `input: true`): tells it to finish. */
  endInput(): void;
}

export function startLineProcess(
  argv: readonly string[],
  o: {
    env?: NodeJS.ProcessEnv;
    onLine?: (line: string) => void;
    onErrLine?: (line: string) => void;
    input?: boolean;
    // Its own process group: a Ctrl-C at the terminal does not reach it, and the
    // demo stops it by pid when it is done with it.
    ownGroup?: boolean;
  },
): LineProcess {
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), {
    env: o.env ?? process.env,
    stdio: [o.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: o.ownGroup === true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${argv.join(' ')}`);
  const pid = child.pid;
  const waiters = new Set<(line: string) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    o.onLine?.(line);
    for (const w of [...waiters]) w(line);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => o.onErrLine?.(line));
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  function waitForLine(accept: (line: string) => boolean, deadlineMs: number, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        fn();
      };
      const check = (line: string): void => {
        if (accept(line)) done(() => resolve(line));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}`))), deadlineMs);
      waiters.add(check);
      void exited.then((code) => done(() => reject(new Error(`${argv.join(' ')} exited (${code}) before ${what}`))));
    });
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  const endInput = (): void => void child.stdin?.end();

  return { pid, exited, waitForLine, stop, endInput };
}
