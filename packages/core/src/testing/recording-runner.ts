// A CommandRunner for tests: records every argv, answers from a script instead of
// running anything, and injects faults (fail the Nth command, or any command that
// matches) so each step of a plan can be made to fail in turn.
import {
  CommandError,
  type Argv,
  type CommandResult,
  type CommandRunner,
  type ProcessExit,
  type RunOptions,
  type StartOptions,
  type StartedProcess,
} from '../runner/types.js';
import { rejectsResult } from '../runner/tolerate.js';

/** An argv prefix, or a predicate over the whole argv. */
export type ArgvMatcher = readonly string[] | ((argv: readonly string[]) => boolean);

export interface ScriptedReply {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode?: number;
}

export interface ScriptEntry {
  readonly match: ArgvMatcher;
  /** A fixed reply, or computed from the argv (may also have side effects, e.g. model a fake host). */
  readonly reply?: ScriptedReply | ((argv: readonly string[], options: RunOptions) => ScriptedReply | Promise<ScriptedReply>);
  /** Use this entry only this many times (then the next matching entry applies). */
  readonly times?: number;
}

export interface RecordedCall {
  readonly kind: 'run' | 'start';
  readonly argv: readonly string[];
  readonly options: RunOptions | StartOptions;
  /** 1-based position among all calls. */
  readonly index: number;
}

export interface RecordingRunnerOptions {
  readonly script?: readonly ScriptEntry[];
  /** Commands no script entry matches: succeed with empty output (default) or throw. */
  readonly unmatched?: 'succeed' | 'fail';
  /** Fail the Nth call to run() (1-based) with exit status 1. */
  readonly failAt?: number;
  /** Fail every run() whose argv matches. */
  readonly failWhen?: ArgvMatcher;
  /** start() goes to this runner (a real one, for real processes); otherwise a fake process. */
  readonly startWith?: CommandRunner;
}

export interface RecordingRunner extends CommandRunner {
  readonly calls: readonly RecordedCall[];
  /** Just the argvs of run() calls, in order. */
  commands(): string[][];
  /** Fail the Nth run() from now (1 = the next one); undefined disarms. */
  setFailAt(n: number | undefined): void;
  /** Fake processes started so far that have not exited. */
  readonly fakeProcesses: ReadonlyMap<number, { exit(e?: Partial<ProcessExit>): void }>;
}

export function matchesArgv(matcher: ArgvMatcher, argv: readonly string[]): boolean {
  if (typeof matcher === 'function') return matcher(argv);
  return matcher.length <= argv.length && matcher.every((a, i) => argv[i] === a);
}

// Above Linux's pid_max ceiling (2^22) and FreeBSD's (99999): never a real process.
const FAKE_PID_BASE = 5_000_000;

export function createRecordingRunner(options: RecordingRunnerOptions = {}): RecordingRunner {
  const calls: RecordedCall[] = [];
  const used = new Map<ScriptEntry, number>();
  const fakes = new Map<number, { exit(e?: Partial<ProcessExit>): void }>();
  let failAt = options.failAt;
  let runCount = 0;
  let nextFakePid = FAKE_PID_BASE;

  function findEntry(argv: readonly string[]): ScriptEntry | undefined {
    for (const entry of options.script ?? []) {
      if (!matchesArgv(entry.match, argv)) continue;
      const n = used.get(entry) ?? 0;
      if (entry.times !== undefined && n >= entry.times) continue;
      used.set(entry, n + 1);
      return entry;
    }
    return undefined;
  }

  async function run(argv: Argv, o: RunOptions = {}): Promise<CommandResult> {
    calls.push({ kind: 'run', argv: [...argv], options: o, index: calls.length + 1 });
    runCount += 1;
    const injected = runCount === failAt || (options.failWhen !== undefined && matchesArgv(options.failWhen, argv));
    let reply: ScriptedReply;
    if (injected) {
      reply = { exitCode: 1, stderr: `injected fault at command ${runCount}` };
    } else {
      const entry = findEntry(argv);
      if (entry === undefined && options.unmatched === 'fail') {
        throw new CommandError({ code: 'COMMAND_NOT_FOUND', argv: [...argv], exitCode: 127, stderr: 'no script entry' });
      }
      const r = entry?.reply;
      reply = typeof r === 'function' ? await r(argv, o) : (r ?? {});
    }
    const result: CommandResult = {
      argv: [...argv],
      exitCode: reply.exitCode ?? 0,
      signal: null,
      stdout: reply.stdout ?? '',
      stderr: reply.stderr ?? '',
      durationMs: 0,
    };
    if (rejectsResult(result, o)) {
      throw new CommandError({ code: 'COMMAND_FAILED', ...result });
    }
    return result;
  }

  function startFake(argv: Argv): StartedProcess {
    const pid = nextFakePid++;
    let settle!: (e: ProcessExit) => void;
    const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
    const exit = (e: Partial<ProcessExit> = {}): void => {
      if (!fakes.delete(pid)) return;
      settle({ exitCode: e.exitCode ?? null, signal: e.signal ?? null });
    };
    fakes.set(pid, { exit });
    return {
      pid,
      argv: [...argv],
      exited,
      kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
        if (!fakes.has(pid)) return false;
        exit({ signal });
        return true;
      },
      unref(): void {},
    };
  }

  async function start(argv: Argv, o: StartOptions = {}): Promise<StartedProcess> {
    calls.push({ kind: 'start', argv: [...argv], options: o, index: calls.length + 1 });
    return options.startWith ? options.startWith.start(argv, o) : startFake(argv);
  }

  return {
    run,
    start,
    calls,
    commands: () => calls.filter((c) => c.kind === 'run').map((c) => [...c.argv]),
    setFailAt(n) {
      failAt = n === undefined ? undefined : runCount + n;
    },
    fakeProcesses: fakes,
  };
}
