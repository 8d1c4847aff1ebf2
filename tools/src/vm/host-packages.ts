// The Debian packages the VM tool needs, installed with apt-get only when missing.
import type { CommandRunner } from '@tbvnode/core';

export interface VmDeps {
  readonly runner: CommandRunner;
  /** Progress lines for the operator. */
  readonly say: (line: string) => void;
}

// qemu-system-x86: the emulator; busybox-static: the initramfs's only program
// (static: the initramfs has no libc), also depmod/cpio for building it.
export const NEEDED_PACKAGES = ['qemu-system-x86', 'busybox-static'] as const;

/** Pure: the packages dpkg-query did not report as installed. */
export function missingPackages(wanted: readonly string[], dpkgQueryOut: string): string[] {
  const installed = new Set(
    dpkgQueryOut.split('\n').map((l) => l.split('\t')).filter(([, s]) => s === 'install ok installed').map(([n]) => n),
  );
  return wanted.filter((p) => !installed.has(p));
}

export async function ensurePackages(deps: VmDeps, wanted: readonly string[] = NEEDED_PACKAGES): Promise<void> {
  const q = await deps.runner.run(['dpkg-query', '-W', '-f=${Package}\t${Status}\n', ...wanted], { reject: false });
  const missing = missingPackages(wanted, q.stdout);
  if (missing.length === 0) return;
  deps.say(`installing ${missing.join(' ')} (apt-get)`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await deps.runner.run(['apt-get', 'update', '-qq'], { env, timeoutMs: 300_000 });
  await deps.runner.run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeoutMs: 900_000 });
}
