// The initramfs: busybox-static, guest/init.sh as /init and the few modules it
// needs before the host's root is mounted (virtio-pci, 9p, overlay), with their
// dependencies in load order. Cached under a name that hashes all of that.
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VmDeps } from './host-packages.js';
import type { GuestKernel } from './kernel.js';
import { loadOrder, parseBuiltin, parseModulesDep } from './modules.js';

export const INIT_SCRIPT = fileURLToPath(new URL('../../src/vm/guest/init.sh', import.meta.url));
export const BUSYBOX = '/bin/busybox';
export const EARLY_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'] as const;

export async function ensureInitramfs(deps: VmDeps, cacheDir: string, kernel: GuestKernel): Promise<string> {
  const init = await readFile(INIT_SCRIPT);
  const busybox = await readFile(BUSYBOX);
  const index = parseModulesDep(await readFile(path.join(kernel.modulesDir, 'modules.dep'), 'utf8'));
  const builtin = parseBuiltin(await readFile(path.join(kernel.modulesDir, 'modules.builtin'), 'utf8').catch(() => ''));
  const order = loadOrder(index, EARLY_MODULES, builtin);
  const key = createHash('sha256').update(init).update(busybox).update(kernel.version).update(order.join('\n')).digest('hex').slice(0, 16);
  const out = path.join(cacheDir, `initramfs-${kernel.version}-${key}.cpio`);
  if (existsSync(out)) return out;

  deps.say(`building ${path.basename(out)}`);
  const stage = await mkdtemp(path.join(os.tmpdir(), 'tbvm-initramfs-'));
  try {
    for (const d of ['bin', 'dev', 'proc', 'sys', 'mods']) await mkdir(path.join(stage, d));
    await writeFile(path.join(stage, 'bin/busybox'), busybox, { mode: 0o755 });
    await writeFile(path.join(stage, 'init'), init, { mode: 0o755 });
    await chmod(path.join(stage, 'init'), 0o755);
    const names: string[] = [];
    for (const rel of order) {
      const name = `mods/${path.basename(rel)}`;
      await copyFile(path.join(kernel.modulesDir, rel), path.join(stage, name));
      names.push(name);
    }
    await writeFile(path.join(stage, 'modules.load'), `${names.join('\n')}\n`);
    const files = ['.', 'bin', 'bin/busybox', 'dev', 'proc', 'sys', 'mods', ...names, 'modules.load', 'init'];
    const tmp = `${out}.tmp`;
    await mkdir(cacheDir, { recursive: true });
    await deps.runner.run([BUSYBOX, 'cpio', '-o', '-H', 'newc', '-R', '0:0', '-F', tmp], { cwd: stage, input: `${files.join('\n')}\n`, timeoutMs: 60_000 });
    await rename(tmp, out);
    return out;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
