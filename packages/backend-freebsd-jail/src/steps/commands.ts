// Running FreeBSD tools from steps: one attempt each, with a deadline, and
// "already gone" / "already there" recognised from stderr where an undo or a
// re-apply must tolerate it.
import { CommandError, type Argv, type CommandResult, type CommandRunner } from '@tbvnode/core';
import { parseJid, parseMdList } from '../parse/freebsd-output.js';

export const COMMAND_TIMEOUT_MS = 60_000;

function failed(r: CommandResult): CommandError {
  return new CommandError({ code: 'COMMAND_FAILED', argv: r.argv, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
}

/** 'ok', or 'tolerated' when a failure's stderr matches; any other failure throws. */
export async function runTolerating(runner: CommandRunner, argv: Argv, tolerate: RegExp): Promise<'ok' | 'tolerated'> {
  const r = await runner.run(argv, { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  if (r.exitCode === 0) return 'ok';
  if (tolerate.test(`${r.stderr}\n${r.stdout}`)) return 'tolerated';
  throw failed(r);
}

export async function run(runner: CommandRunner, argv: Argv): Promise<CommandResult> {
  return runner.run(argv, { timeoutMs: COMMAND_TIMEOUT_MS });
}

/** The jail's jid, or null when jls says it does not exist. */
export async function jailJid(runner: CommandRunner, name: string): Promise<number | null> {
  const r = await runner.run(['jls', '-j', name, 'jid'], { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  if (r.exitCode !== 0) {
    if (/not found/.test(r.stderr)) return null;
    throw failed(r);
  }
  return parseJid(r.stdout);
}

/**
 * Detach every md device backed by `image`. Found by file, not by a remembered
 * unit: right after a crash before the unit was journaled, and after a reboot
 * that gave the unit number to someone else.
 */
export async function detachImage(runner: CommandRunner, image: string): Promise<number[]> {
  const units = parseMdList((await run(runner, ['mdconfig', '-l', '-v'])).stdout).filter((e) => e.file === image).map((e) => e.unit);
  for (const u of units) {
    await runTolerating(runner, ['mdconfig', '-d', '-u', String(u)], /No such file or directory/);
  }
  return units;
}
