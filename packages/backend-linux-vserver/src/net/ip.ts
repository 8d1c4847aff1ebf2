// `ip` invocations shared by the network steps. Reverts must tolerate a device
// that is already gone (a crash, a host reboot, or its peer's namespace exiting).
import { CommandError, type Argv, type CommandResult, type CommandRunner, type Tolerate } from '@tbvnode/core';

/** Every `ip` command's deadline. */
export const IP_TIMEOUT_MS = 10_000;
/** A create that finds its object already there (the caller decides whose it is). */
export const ALREADY_THERE: Tolerate = { output: /File exists/ };
const GONE: Tolerate = { output: /Cannot find device|does not exist|No such device|Cannot assign requested address|Address not found|No such process/ };

/** The error for a command run with reject: false that failed. */
export function failed(r: CommandResult): CommandError {
  return new CommandError({ code: 'COMMAND_FAILED', argv: r.argv, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
}

/** Run an undo command; "already gone" counts as success. */
export async function runUndo(runner: CommandRunner, argv: Argv): Promise<void> {
  await runner.run(argv, { timeoutMs: IP_TIMEOUT_MS, tolerate: GONE });
}

export async function linkExists(runner: CommandRunner, name: string): Promise<boolean> {
  // Only "does not exist" means absent; any other failure is an error, not an answer.
  return (await runner.run(['ip', '-o', 'link', 'show', 'dev', name], { timeoutMs: IP_TIMEOUT_MS, tolerate: GONE })).exitCode === 0;
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
  const r = await runner.run(['ip', '-o', 'link', 'show', 'master', bridge], { timeoutMs: IP_TIMEOUT_MS, tolerate: GONE });
  if (r.exitCode !== 0) return [];
  return r.stdout.split('\n').flatMap((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? []);
}
