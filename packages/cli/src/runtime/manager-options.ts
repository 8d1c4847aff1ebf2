// `vnodesetup -r` reboots inside the running manager, which keeps the backend
// options it started with. When the operator's TBVNODE_BACKEND_OPTIONS differ,
// say so (and how to apply them) instead of ignoring them silently.
import { readFile } from 'node:fs/promises';
import { ignoreFailure } from '@tbvnode/tmcc';

const KEY = 'TBVNODE_BACKEND_OPTIONS';

/** Pure: the variable's value in a /proc/<pid>/environ blob (NUL-separated), if set. */
export function optionsInEnviron(environ: string): string | undefined {
  const entry = environ.split('\0').find((e) => e.startsWith(`${KEY}=`));
  return entry?.slice(KEY.length + 1);
}

/** Pure: the warning, or undefined when the manager already runs with these options. */
export function staleOptionsWarning(id: string, flag: string, running: string | undefined, wanted: string | undefined): string | undefined {
  const norm = (s: string | undefined) => (s === undefined || s.trim() === '' ? '' : s.trim());
  if (norm(running) === norm(wanted)) return undefined;
  return `vnodesetup: ${id}'s manager runs with ${KEY}=${norm(running) || '(unset)'}; -r keeps them. ` +
    `To apply ${norm(wanted) || '(unset)'}: vnodesetup ${flag} -h ${id} && vnodesetup ${flag} -b ${id}`;
}

/** Linux only (procfs); elsewhere, and for a manager we cannot read, nothing is said. */
export async function managerOptions(pid: number, platform: NodeJS.Platform): Promise<{ known: boolean; value?: string }> {
  if (platform !== 'linux') return { known: false };
  const environ = await ignoreFailure(readFile(`/proc/${pid}/environ`, 'utf8'), undefined, 'gone, or not ours to read: -r itself will say what happened');
  if (environ === undefined) return { known: false };
  const value = optionsInEnviron(environ);
  return value === undefined ? { known: true } : { known: true, value };
}
