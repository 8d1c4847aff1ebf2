// An identifier of the current host boot, so "once per boot" markers stay right
// even under a root prefix whose var/run a reboot does not clear.
import type { CoreFs } from '../deps.js';
import type { CommandRunner } from '../runner/types.js';

export type BootIdReader = () => Promise<string>;

/** The running kernel's boot id reader, where the platform has one. */
export function bootIdFor(platform: NodeJS.Platform, deps: { fs: Pick<CoreFs, 'readFile'>; runner: CommandRunner }): BootIdReader | undefined {
  if (platform === 'linux') return linuxBootId(deps.fs);
  if (platform === 'freebsd') return freebsdBootId(deps.runner);
  return undefined;
}

export function linuxBootId(fs: Pick<CoreFs, 'readFile'>, file = '/proc/sys/kernel/random/boot_id'): BootIdReader {
  return async () => (await fs.readFile(file, 'utf8')).trim();
}

/** `sysctl -n kern.boottime` prints "{ sec = 1700000000, usec = 12 } Tue Nov …": the braces are the id. Pure. */
export function parseKernBoottime(text: string): string | null {
  const m = /\{\s*sec\s*=\s*(\d+),\s*usec\s*=\s*(\d+)\s*\}/.exec(text);
  return m ? `${m[1]}.${m[2]}` : null;
}

export function freebsdBootId(runner: CommandRunner): BootIdReader {
  return async () => {
    const out = (await runner.run(['sysctl', '-n', 'kern.boottime'])).stdout;
    const id = parseKernBoottime(out);
    if (id === null) throw new Error(`cannot parse kern.boottime: ${out.trim()}`);
    return id;
  };
}
