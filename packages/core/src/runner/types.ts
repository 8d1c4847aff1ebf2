// The one way core and the backends run external programs: argv arrays only,
// never a shell string. Implemented on execa (execa-runner.ts) and, for tests,
// by the recording runner in @tbvnode/core/testing.
import { TbvnodeError, isTbvnodeError } from '../errors/tbvnode-error.js';

export type Argv = readonly [string, ...string[]];

export interface RunOptions {
  readonly cwd?: string;
  /** Extra environment; merged over the runner's base environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string | Buffer;
  /** Kill the command (SIGTERM, then SIGKILL) after this long. Every wait has a deadline. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** When false, a non-zero exit resolves instead of throwing CommandError. Default true. */
  readonly reject?: boolean;
  /**
   * Failures that are an answer, not an error ("File exists" on a re-apply, "No such
   * device" on an undo): they resolve with their non-zero exitCode instead of
   * throwing. Timeouts, aborts and spawn failures still throw.
   */
  readonly tolerate?: Tolerate;
}

export interface Tolerate {
  /** Exit codes that count as an answer. */
  readonly exitCodes?: readonly number[];
  /** Matched against stderr and stdout (for tools that print errors on stdout). */
  readonly output?: RegExp;
}

export interface CommandResult {
  readonly argv: readonly string[];
  /** null when the command died by a signal. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export type OutputTarget = 'ignore' | 'inherit' | { readonly file: string; readonly append?: boolean };

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Lead a new session / process group (setsid): the process survives our exit and
   * `kill(sig, { group: true })` reaches everything it spawned.
   */
  readonly detached?: boolean;
  /**
   * Default 'ignore'. A `{ file }` is opened here (append unless `append: false`)
   * and becomes the child's own descriptor, with no pipe through us: a detached
   * child keeps writing to it after we exit. stdout and stderr naming the same
   * file (and mode) share one descriptor.
   */
  readonly stdout?: OutputTarget;
  readonly stderr?: OutputTarget;
  /** Default 'ignore'; 'inherit' for an operator's interactive command (tbvnode shell). */
  readonly stdin?: 'ignore' | 'inherit';
}

export interface ProcessExit {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

// A long-lived child. `exited` never rejects: a process that fails to spawn
// resolves with exitCode 127 after `start` itself threw — callers await it freely.
export interface StartedProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly exited: Promise<ProcessExit>;
  /** Returns false if the process is already gone. `group` signals -pid (needs detached). */
  kill(signal?: NodeJS.Signals, options?: { readonly group?: boolean }): boolean;
  /** Let our event loop exit while the child keeps running (vnodesetup starting a manager). */
  unref(): void;
}

export interface CommandRunner {
  /** Run to completion; throws CommandError on spawn failure, non-zero exit (unless reject: false) or timeout. */
  run(argv: Argv, options?: RunOptions): Promise<CommandResult>;
  /** Spawn and return as soon as the process has a pid; throws CommandError if it cannot spawn. */
  start(argv: Argv, options?: StartOptions): Promise<StartedProcess>;
}

export type CommandErrorCode = 'COMMAND_FAILED' | 'COMMAND_NOT_FOUND' | 'COMMAND_TIMEOUT' | 'COMMAND_ABORTED';

// Carries everything an operator needs to reproduce the failure by hand.
export class CommandError extends TbvnodeError {
  declare readonly code: CommandErrorCode;
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(p: {
    code: CommandErrorCode;
    argv: readonly string[];
    exitCode: number | null;
    signal?: string | null;
    stdout?: string;
    stderr?: string;
    cause?: unknown;
  }) {
    const how = p.exitCode !== null ? `exit ${p.exitCode}` : p.signal ? `signal ${p.signal}` : p.code;
    const tail = (p.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    super(p.code, `command failed (${how}): ${p.argv.join(' ')}${tail ? `: ${tail}` : ''}`, { cause: p.cause });
    this.argv = p.argv;
    this.exitCode = p.exitCode;
    this.signal = p.signal ?? null;
    this.stdout = p.stdout ?? '';
    this.stderr = p.stderr ?? '';
  }
}

export function isCommandError(value: unknown): value is CommandError {
  return isTbvnodeError(value) && value.code.startsWith('COMMAND_') && Array.isArray((value as { argv?: unknown }).argv);
}
