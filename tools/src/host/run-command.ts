// A minimal argv-only CommandRunner on child_process for the harness itself, so
// the harness works before (and independently of) core's execa runner. It keeps
// every pid it started so the host's destroy() kills exactly those and no other.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Argv, CommandResult, CommandRunner, ProcessExit, RunOptions, StartOptions, StartedProcess } from '@tbvnode/core';
import { CommandError } from '@tbvnode/core';

const DEFAULT_TIMEOUT_MS = 60_000;

export interface TrackingRunner extends CommandRunner {
  /** Pids of long-lived processes started and not yet seen to exit. */
  readonly live: ReadonlySet<number>;
}

export function createTrackingRunner(prefix: readonly string[] = []): TrackingRunner {
  const live = new Set<number>();

  function run(argv: Argv, options: RunOptions = {}): Promise<CommandResult> {
    const full = [...prefix, ...argv];
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<CommandResult>((resolve, reject) => {
      const child = spawn(full[0] as string, full.slice(1), {
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        signal: options.signal,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on('data', (b: Buffer) => out.push(b));
      child.stderr?.on('data', (b: Buffer) => err.push(b));
      if (options.input !== undefined) child.stdin?.end(options.input);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      let spawnError: Error | undefined;
      child.on('error', (e) => {
        spawnError = e;
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        const result: CommandResult = {
          argv: full,
          exitCode,
          signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          durationMs: Date.now() - started,
        };
        const notFound = (spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
        if (spawnError || timedOut || (exitCode !== 0 && options.reject !== false)) {
          const code = notFound ? 'COMMAND_NOT_FOUND' : timedOut ? 'COMMAND_TIMEOUT' : spawnError ? 'COMMAND_ABORTED' : 'COMMAND_FAILED';
          reject(new CommandError({ code, argv: full, exitCode, signal, stdout: result.stdout, stderr: result.stderr, cause: spawnError }));
          return;
        }
        resolve(result);
      });
    });
  }

  function start(argv: Argv, options: StartOptions = {}): Promise<StartedProcess> {
    const full = [...prefix, ...argv];
    // File targets: the child gets its own fd; ours is closed once it has spawned.
    const fds: number[] = [];
    const target = (t: StartOptions['stdout']): 'inherit' | 'ignore' | number => {
      if (t === 'inherit' || t === undefined || t === 'ignore') return t ?? 'ignore';
      const fd = openSync(t.file, t.append === false ? 'w' : 'a');
      fds.push(fd);
      return fd;
    };
    const stdio = ['ignore' as const, target(options.stdout), target(options.stderr)];
    return new Promise<StartedProcess>((resolve, reject) => {
      const child = spawn(full[0] as string, full.slice(1), {
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        detached: options.detached ?? false,
        stdio,
      });
      const closeFds = (): void => {
        for (const fd of fds.splice(0)) closeSync(fd);
      };
      const exited = new Promise<ProcessExit>((res) => {
        child.on('exit', (exitCode, signal) => {
          if (child.pid !== undefined) live.delete(child.pid);
          res({ exitCode, signal });
        });
      });
      child.once('error', (e) => {
        closeFds();
        reject(new CommandError({ code: 'COMMAND_NOT_FOUND', argv: full, exitCode: null, cause: e }));
      });
      child.once('spawn', () => {
        closeFds();
        const pid = child.pid as number;
        live.add(pid);
        resolve({
          pid,
          argv: full,
          exited,
          kill: (sig = 'SIGTERM', o) => {
            try {
              process.kill(o?.group ? -pid : pid, sig);
              return true;
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
              throw e;
            }
          },
          unref: () => child.unref(),
        });
      });
    });
  }

  return { run, start, live };
}
