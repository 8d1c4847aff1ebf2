// Finding a process by its exact argv: for undo after a crash between starting
// a process and journaling its pid, when the argv names something unique to
// this start (a vnode's root) — the pid is lost, the argv is in the journal.
import type { Argv } from '../runner/types.js';
import type { CoreFs } from '../deps.js';
import { ifExists } from '../toolkit/if-exists.js';

/** Pure: is this /proc/<pid>/cmdline (NUL-separated) exactly one of the argvs? */
export function cmdlineIs(cmdline: string, argvs: readonly Argv[]): boolean {
  const args = cmdline.split('\0');
  if (args.at(-1) === '') args.pop();
  return argvs.some((a) => a.length === args.length && a.every((x, i) => x === args[i]));
}

/** Pids whose argv is exactly one of `argvs` (Linux /proc; none elsewhere). */
export async function pidsWithArgv(fs: Pick<CoreFs, 'readdir' | 'readFile'>, argvs: readonly Argv[], procDir = '/proc'): Promise<number[]> {
  const names = (await ifExists(fs.readdir(procDir))) as string[] | undefined;
  if (names === undefined) return []; // no procfs: nothing can be proved ours
  const out: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    // Gone between the listing and the read: not running, so not a match.
    const cmdline = await fs.readFile(`${procDir}/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdlineIs(cmdline, argvs)) out.push(Number(name));
  }
  return out;
}
