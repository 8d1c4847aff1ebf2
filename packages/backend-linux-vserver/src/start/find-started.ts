// A manager killed after starting `env … unshare …` but before journaling its
// pid leaves a vnode no journal entry points at. Its argv names the vnode's root
// (unique on the host), so undo finds it by that: as `env` if it has not exec'd
// yet, else as `unshare` (whose death takes the pid namespace with it).
import type { Argv, CoreFs } from '@tbvnode/core';

/** Pure: is this /proc/<pid>/cmdline exactly one of the argvs? */
export function cmdlineIs(cmdline: string, argvs: readonly Argv[]): boolean {
  const args = cmdline.split('\0');
  if (args.at(-1) === '') args.pop();
  return argvs.some((a) => a.length === args.length && a.every((x, i) => x === args[i]));
}

/** The argvs a vnode start shows while it runs: `env -i …` itself, then what env exec'd. */
export function startedForms(argv: Argv): Argv[] {
  const unshare = argv.indexOf('unshare');
  return unshare > 0 ? [argv, argv.slice(unshare) as unknown as Argv] : [argv];
}

export async function pidsRunning(fs: Pick<CoreFs, 'readdir' | 'readFile'>, argv: Argv, procDir = '/proc'): Promise<number[]> {
  const forms = startedForms(argv);
  const out: number[] = [];
  for (const name of await fs.readdir(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await fs.readFile(`${procDir}/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdlineIs(cmdline, forms)) out.push(Number(name));
  }
  return out;
}
