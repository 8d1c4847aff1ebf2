// The only module that imports execa: every external command core or a backend
// runs goes through here, as an argv array, logged with duration and status.
import { execa, type Options, type Result } from 'execa';
import type { Logger } from 'pino';
import type { Clock } from '../deps.js';
import {
  CommandError,
  type Argv,
  type CommandResult,
  type CommandRunner,
  type OutputTarget,
  type ProcessExit,
  type RunOptions,
  type StartOptions,
  type StartedProcess,
} from './types.js';

export interface ExecaRunnerOptions {
  readonly log: Logger;
  readonly clock?: Pick<Clock, 'now'>;
  /** Base environment for every command; default: the parent's (read at the edge, passed in). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const FORCE_KILL_AFTER_MS = 2_000;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return '';
}

function outputOption(t: OutputTarget | undefined): 'ignore' | 'inherit' | { file: string; append?: boolean } {
  if (t === undefined) return 'ignore';
  if (typeof t === 'string') return t;
  return { file: t.file, append: t.append ?? true };
}

function errorCode(r: Result, spawnFailed: boolean): CommandError['code'] {
  if (spawnFailed) return 'COMMAND_NOT_FOUND';
  if (r.timedOut) return 'COMMAND_TIMEOUT';
  if (r.isCanceled) return 'COMMAND_ABORTED';
  return 'COMMAND_FAILED';
}

// execa reports spawn failures (ENOENT, EACCES) as a failed result with no exit code.
function isSpawnFailure(r: Result): boolean {
  return r.failed && r.exitCode === undefined && r.signal === undefined && !r.timedOut && !r.isCanceled;
}

export function createExecaRunner(options: ExecaRunnerOptions): CommandRunner {
  const clock = options.clock ?? Date;
  const now = (): number => clock.now();
  const baseEnv = options.env;

  function envFor(extra: Readonly<Record<string, string>> | undefined): Options['env'] {
    if (!baseEnv && !extra) return undefined;
    return { ...baseEnv, ...extra };
  }

  async function run(argv: Argv, o: RunOptions = {}): Promise<CommandResult> {
    const [file, ...args] = argv;
    const started = now();
    const r = await execa(file, args, {
      reject: false,
      cwd: o.cwd,
      env: envFor(o.env),
      extendEnv: baseEnv === undefined,
      input: o.input,
      timeout: o.timeoutMs,
      cancelSignal: o.signal,
      forceKillAfterDelay: FORCE_KILL_AFTER_MS,
      stripFinalNewline: false,
      shell: false,
    });
    const spawnFailed = isSpawnFailure(r);
    const result: CommandResult = {
      argv: [...argv],
      exitCode: r.exitCode ?? (spawnFailed ? 127 : null),
      signal: r.signal ?? null,
      stdout: text(r.stdout),
      stderr: spawnFailed ? (r.shortMessage ?? '') : text(r.stderr),
      durationMs: now() - started,
    };
    options.log.debug(
      { argv: result.argv, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs },
      'command',
    );
    if (r.failed && (o.reject !== false || spawnFailed || r.timedOut || r.isCanceled)) {
      throw new CommandError({
        code: errorCode(r, spawnFailed),
        argv: result.argv,
        exitCode: result.exitCode,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
        cause: r,
      });
    }
    return result;
  }

  async function start(argv: Argv, o: StartOptions = {}): Promise<StartedProcess> {
    const [file, ...args] = argv;
    const started = now();
    const child = execa(file, args, {
      reject: false,
      cwd: o.cwd,
      env: envFor(o.env),
      extendEnv: baseEnv === undefined,
      detached: o.detached ?? false,
      // A detached child must outlive us (vnodesetup starting a manager).
      cleanup: !(o.detached ?? false),
      stdin: 'ignore',
      stdout: outputOption(o.stdout),
      stderr: outputOption(o.stderr),
      buffer: false,
      shell: false,
    });
    const pid = child.pid;
    const exited: Promise<ProcessExit> = child.then((r) => {
      const exit = { exitCode: r.exitCode ?? (isSpawnFailure(r) ? 127 : null), signal: r.signal ?? null };
      options.log.debug({ argv: [...argv], pid, ...exit, durationMs: now() - started }, 'process exited');
      return exit;
    });
    if (pid === undefined) {
      const exit = await exited;
      throw new CommandError({ code: 'COMMAND_NOT_FOUND', argv: [...argv], exitCode: exit.exitCode, signal: exit.signal });
    }
    options.log.debug({ argv: [...argv], pid, detached: o.detached ?? false }, 'process started');
    return {
      pid,
      argv: [...argv],
      exited,
      kill(signal: NodeJS.Signals = 'SIGTERM', k?: { group?: boolean }): boolean {
        try {
          process.kill(k?.group ? -pid : pid, signal);
          return true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
          throw err;
        }
      },
      unref(): void {
        child.unref();
      },
    };
  }

  return { run, start };
}
