// `ip` invocations shared by the network steps. Reverts must tolerate a device
// that is already gone (a crash, a host reboot, or its peer's namespace exiting).
import type { Argv, CommandRunner } from '@tbvnode/core';

const GONE = /Cannot find device|does not exist|No such device|Cannot assign requested address|No such process/;

/** Run an undo command; "already gone" counts as success. */
export async function runUndo(runner: CommandRunner, argv: Argv): Promise<void> {
  const r = await runner.run(argv, { reject: false, timeoutMs: 10_000 });
  if (r.exitCode === 0 || GONE.test(r.stderr)) return;
  await runner.run(argv, { timeoutMs: 10_000 });
}

export async function linkExists(runner: CommandRunner, name: string): Promise<boolean> {
  const r = await runner.run(['ip', '-o', 'link', 'show', 'dev', name], { reject: false, timeoutMs: 10_000 });
  return r.exitCode === 0;
}

/** Names of the interfaces enslaved to `bridge`. */
export async function bridgeMembers(runner: CommandRunner, bridge: string): Promise<string[]> {
  const r = await runner.run(['ip', '-o', 'link', 'show', 'master', bridge], { reject: false, timeoutMs: 10_000 });
  if (r.exitCode !== 0) return [];
  return r.stdout.split('\n').flatMap((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? []);
}
