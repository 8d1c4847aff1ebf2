// Running FreeBSD tools from steps: one attempt each, with a deadline, and
// "already gone" / "already there" recognised from stderr where an undo or a
// re-apply must tolerate it.
import { CommandError, ifExists, type Argv, type CommandResult, type CommandRunner, type CoreDeps, type Tolerate } from '@tbvnode/core';
import { parseJid, parseMdList } from '../parse/freebsd-output.js';

export const COMMAND_TIMEOUT_MS = 60_000;

function failed(r: CommandResult): CommandError {
  return new CommandError({ code: 'COMMAND_FAILED', argv: r.argv, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
}

/** One attempt with the deadline; a failure `tolerate` names resolves with its non-zero exitCode. */
export async function run(runner: CommandRunner, argv: Argv, tolerate?: Tolerate): Promise<CommandResult> {
  return runner.run(argv, { timeoutMs: COMMAND_TIMEOUT_MS, ...(tolerate ? { tolerate } : {}) });
}

export type JailStatus = 'running' | 'dying' | 'absent';

/**
 * `jls -j NAME jid`: running, absent ("not found"), or dying: removed, its processes gone, but
 * still referenced (sockets in TIME_WAIT; kern_jail.c), so its root stays busy for a while.
 */
export async function jailStatus(runner: CommandRunner, name: string): Promise<JailStatus> {
  const r = await runner.run(['jls', '-j', name, 'jid'], { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  if (r.exitCode === 0 && parseJid(r.stdout) !== null) return 'running';
  if (/is dying/.test(r.stderr)) return 'dying';
  if (/not found/.test(r.stderr)) return 'absent';
  throw failed(r);
}

/**
 * Detach every md device backed by `image`. Found by file, not by a remembered
 * unit: right after a crash before the unit was journaled, and after a reboot
 * that gave the unit number to someone else.
 */
export async function detachImage(deps: Pick<CoreDeps, 'runner' | 'fs'>, image: string): Promise<number[]> {
  const { runner } = deps;
  // mdconfig stores (and lists) the realpath(3) of the file it was given.
  const names = new Set([image, await ifExists(deps.fs.realpath(image), image)]);
  const units = parseMdList((await run(runner, ['mdconfig', '-l', '-v'])).stdout).filter((e) => names.has(e.file)).map((e) => e.unit);
  for (const u of units) {
    await run(runner, ['mdconfig', '-d', '-u', String(u)], { output: /No such file or directory/ });
  }
  return units;
}
