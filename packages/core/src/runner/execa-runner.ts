// The only module that imports execa: every external command core or a backend
// runs goes through here, as an argv array, logged with duration and status.
import { open, type FileHandle } from 'node:fs/promises';
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
import { rejectsResult } from './tolerate.js';

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

// A file target becomes a descriptor we open and hand to the child as its own
// stdout/stderr: no pipe through us, so a detached child outlives us and keeps
// writing (execa's `{ file }` would relay through pipes held by this process).
type OpenedOutputs = ReadonlyMap<string, FileHandle>;

function fileKey(t: { readonly file: string; readonly append?: boolean }): string {
  return `${t.append ?? true ? 'a' : 'w'}:${t.file}`;
}

async function openOutputFiles(targets: readonly (OutputTarget | undefined)[]): Promise<OpenedOutputs> {
  const opened = new Map<string, FileHandle>();
  try {
    for (const t of targets) {
      if (t === undefined || typeof t === 'string') continue;
      const key = fileKey(t);
      // stdout and stderr to one file share one descriptor, as `>f 2>&1` does.
      if (!opened.has(key)) opened.set(key, await open(t.file, t.append ?? true ? 'a' : 'w'));
    }
  } catch (err) {
    await closeAll(opened);
    throw err;
  }
  return opened;
}

async function closeAll(opened: OpenedOutputs): Promise<void> {
  await Promise.all([...opened.values()].map((h) => h.close()));
}

type StdoutOption = Options['stdout'];

function outputOption(t: OutputTarget | undefined, opened: OpenedOutputs): StdoutOption {
  if (t === undefined) return 'ignore';
  if (typeof t === 'string') return t;
  const handle = opened.get(fileKey(t));
  if (handle === undefined) throw new Error(`output file ${t.file} was not opened`);
  // execa hands a bare descriptor number straight to child_process.spawn, which
  // dups it into the child; its types only spell out the small numbers 3..9.
  return handle.fd as unknown as StdoutOption;
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
    if (r.failed && (spawnFailed || r.timedOut || r.isCanceled || rejectsResult(result, o))) {
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
    let opened: OpenedOutputs;
    try {
      opened = await openOutputFiles([o.stdout, o.stderr]);
    } catch (err) {
      throw new CommandError({
        code: 'COMMAND_FAILED', argv: [...argv], exitCode: null,
        stderr: `cannot open output file: ${(err as Error).message}`, cause: err,
      });
    }
    const spawn = () =>
      execa(file, args, {
        reject: false,
        cwd: o.cwd,
        env: envFor(o.env),
        extendEnv: baseEnv === undefined,
        detached: o.detached ?? false,
        // A detached child must outlive us (vnodesetup starting a manager).
        cleanup: !(o.detached ?? false),
        stdin: o.stdin ?? 'ignore',
        stdout: outputOption(o.stdout, opened),
        stderr: outputOption(o.stderr, opened),
        buffer: false,
        shell: false,
      });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn();
    } finally {
      // spawn() has duplicated the descriptors into the child by now; ours only
      // keep the file open in this process.
      await closeAll(opened);
    }
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
