// What the three commands share: the --root/--backend options, commander wired
// to injected output, and one way to turn a thrown error into an exit status.
import { Command, CommanderError } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { describeError } from '../errors/describe-error.js';
import { EXIT } from '../errors/exit-status.js';
import type { CliDeps } from '../runtime/cli-deps.js';

export function baseProgram(name: string, deps: CliDeps): Command {
  const program = new Command(name);
  // Only the long form: vnodesetup's -V is Emulab's vcnet flag.
  if (deps.version !== undefined) program.version(deps.version, '--version', 'print the version and exit');
  return program
    .exitOverride()
    .configureOutput({ writeOut: (s) => void deps.stdout.write(s), writeErr: (s) => void deps.stderr.write(s) })
    .option('--root <dir>', 'prefix for every file tbvnode touches (env TBVNODE_ROOT; default /)')
    .option(
      '--backend <name>',
      'virtualization backend: linux-vserver, freebsd-jail, process, or a backend package name (env TBVNODE_BACKEND; default by platform)',
    );
}

// Parses argv; returns an exit status when commander already answered (--help,
// a usage error), else undefined.
export function parseArgs(program: Command, argv: readonly string[]): number | undefined {
  try {
    program.parse([...argv], { from: 'user' });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  }
}

// For programs whose actions are async (subcommands).
export async function parseArgsAsync(program: Command, argv: readonly string[]): Promise<number | undefined> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  }
}

// Runs a command body; an error becomes one stderr line and its mapped status.
export async function guard(name: string, deps: CliDeps, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const report = describeError(err, deps.isRoot ?? false);
    deps.stderr.write(`*** ${name}: ${report.message}\n`);
    if (report.stack !== undefined) deps.stderr.write(`${report.stack}\n`);
    return report.status;
  }
}

export function usage(message: string): CliError {
  return new CliError('USAGE', message);
}

export function parseSeconds(flag: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usage(`${flag} wants a positive number of seconds, got ${JSON.stringify(value)}`);
  return Math.round(n * 1000);
}
