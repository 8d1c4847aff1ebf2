// A vnode start as it shows in /proc: `env -i … unshare …` until env exec's,
// then `unshare …` (whose death takes the pid namespace with it). Its argv names
// the vnode's root, so it is unique on the host (core's pidsWithArgv finds it).
import type { Argv } from '@tbvnode/core';

export function startedForms(argv: Argv): Argv[] {
  const unshare = argv.indexOf('unshare');
  return unshare > 0 ? [argv, argv.slice(unshare) as unknown as Argv] : [argv];
}
