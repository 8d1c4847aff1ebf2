// A stock Debian kernel (linux-image-amd64's current flavour) fetched with
// apt-get download and unpacked with dpkg-deb into the cache, never installed on
// this machine. depmod (busybox's) writes the modules.dep the package leaves to
// its postinst.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { VmDeps } from './host-packages.js';

export interface GuestKernel {
  readonly version: string;
  readonly vmlinuz: string;
  /** <root>/lib/modules/<version> */
  readonly modulesDir: string;
}

/** Pure: the image package linux-image-amd64 depends on, from `apt-cache depends`. */
export function imagePackage(aptCacheDepends: string): string {
  const m = /Depends:\s*(linux-image-[0-9][\w.+-]*-amd64)\b/.exec(aptCacheDepends);
  if (!m?.[1]) throw new Error(`linux-image-amd64 names no kernel image package:\n${aptCacheDepends}`);
  return m[1];
}

async function found(dir: string): Promise<GuestKernel | null> {
  const boot = await readdir(path.join(dir, 'boot')).catch(() => [] as string[]);
  const vmlinuz = boot.find((f) => f.startsWith('vmlinuz-'));
  if (!vmlinuz) return null;
  const version = vmlinuz.slice('vmlinuz-'.length);
  const modulesDir = path.join(dir, 'lib/modules', version);
  const have = await readdir(modulesDir).catch(() => [] as string[]);
  return have.includes('modules.dep') ? { version, vmlinuz: path.join(dir, 'boot', vmlinuz), modulesDir } : null;
}

export async function ensureKernel(deps: VmDeps, cacheDir: string): Promise<GuestKernel> {
  const { runner } = deps;
  let depends = await runner.run(['apt-cache', 'depends', 'linux-image-amd64'], { reject: false });
  if (!/Depends:/.test(depends.stdout)) {
    await runner.run(['apt-get', 'update', '-qq'], { timeoutMs: 300_000 });
    depends = await runner.run(['apt-cache', 'depends', 'linux-image-amd64']);
  }
  const pkg = imagePackage(depends.stdout);
  const dir = path.join(cacheDir, pkg);
  const root = path.join(dir, 'root');
  const cached = await found(root);
  if (cached) return cached;
  deps.say(`fetching ${pkg} into ${dir}`);
  await rm(dir, { recursive: true, force: true });
  const debs = path.join(dir, 'deb');
  await mkdir(debs, { recursive: true });
  await runner.run(['apt-get', 'download', pkg], { cwd: debs, timeoutMs: 600_000 });
  const deb = (await readdir(debs)).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${debs}`);
  await runner.run(['dpkg-deb', '-x', path.join(debs, deb), root], { timeoutMs: 300_000 });
  await rm(debs, { recursive: true, force: true });
  return depmodThenFind(deps, root);
}

async function depmodThenFind(deps: VmDeps, root: string): Promise<GuestKernel> {
  const boot = (await readdir(path.join(root, 'boot'))).find((f) => f.startsWith('vmlinuz-'));
  if (!boot) throw new Error(`no vmlinuz in the unpacked kernel package (${root}/boot)`);
  const version = boot.slice('vmlinuz-'.length);
  await deps.runner.run(['busybox', 'depmod', '-b', root, version], { timeoutMs: 300_000 });
  const k = await found(root);
  if (!k) throw new Error(`depmod wrote no modules.dep under ${root}/lib/modules/${version}`);
  return k;
}
