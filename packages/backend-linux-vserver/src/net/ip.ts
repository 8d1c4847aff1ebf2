// `ip` invocations shared by the network steps. Reverts must tolerate a device
// that is already gone (a crash, a host reboot, or its peer's namespace exiting).
import { CommandError, type Argv, type CommandResult, type CommandRunner } from '@tbvnode/core';

const GONE = /Cannot find device|does not exist|No such device|Cannot assign requested address|Address not found|No such process/;

/** The error for a command run with reject: false that failed. */
export function failed(r: CommandResult): CommandError {
  return new CommandError({ code: 'COMMAND_FAILED', argv: r.argv, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
}

/**
 * Run once; 'ok' on success, 'tolerated' when stderr matches `tolerate` (e.g.
 * "File exists"), else throw the command's error. Never runs a command twice.
 */
export async function runTolerating(runner: CommandRunner, argv: Argv, tolerate: RegExp, input?: string): Promise<'ok' | 'tolerated'> {
  const r = await runner.run(argv, { reject: false, timeoutMs: 10_000, ...(input !== undefined ? { input } : {}) });
  if (r.exitCode === 0) return 'ok';
  if (tolerate.test(r.stderr)) return 'tolerated';
  throw failed(r);
}

/** Run an undo command; "already gone" counts as success. */
export async function runUndo(runner: CommandRunner, argv: Argv): Promise<void> {
  await runTolerating(runner, argv, GONE);
}

export async function linkExists(runner: CommandRunner, name: string): Promise<boolean> {
  // Only "does not exist" means absent; any other failure is an error, not an answer.
  return (await runTolerating(runner, ['ip', '-o', 'link', 'show', 'dev', name], GONE)) === 'ok';
}

/**
 * Pure: did `ip link add … master <bridge> …` fail only because the bridge is not
 * there? iproute2 says so in one of two ways, depending on its version.
 */
export function missingMaster(stderr: string, bridge: string): boolean {
  return stderr.includes(`"${bridge}"`) && /does not exist|Cannot find device/.test(stderr);
}

/** Names of the interfaces enslaved to `bridge`. */
export async function bridgeMembers(runner: CommandRunner, bridge: string): Promise<string[]> {
  const r = await runner.run(['ip', '-o', 'link', 'show', 'master', bridge], { reject: false, timeoutMs: 10_000 });
  if (r.exitCode !== 0 && GONE.test(r.stderr)) return [];
  if (r.exitCode !== 0) throw failed(r);
  return r.stdout.split('\n').flatMap((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? []);
}
