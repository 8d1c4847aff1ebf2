// What "the host is as before" means for the conformance suite by default:
// every path under the test root (without following symlinks or entering
// mounts), every mount at or below it, and (Linux) every process whose working
// directory or root is inside it. Backends add their own (links, jails).
import path from 'node:path';
import type { CoreDeps } from '../deps.js';
import { mountsAtOrBelow } from '../host/mount-table.js';
import { ifExists } from '../toolkit/if-exists.js';

export interface HostSnapshot {
  readonly files: readonly string[];
  readonly mounts: readonly string[];
  readonly processes: readonly string[];
}

type Deps = Pick<CoreDeps, 'fs' | 'mounts'>;

async function walk(deps: Deps, root: string, dir: string, mountPoints: ReadonlySet<string>, out: string[]): Promise<void> {
  for (const name of (await deps.fs.readdir(dir)).sort()) {
    const p = path.join(dir, name);
    const st = await deps.fs.lstat(p);
    const rel = path.relative(root, p);
    if (st.isSymbolicLink()) out.push(`l ${rel} -> ${await deps.fs.readlink(p)}`);
    else if (st.isDirectory()) {
      out.push(`d ${rel}`);
      if (!mountPoints.has(p)) await walk(deps, root, p, mountPoints, out);
    } else out.push(`f ${rel} ${st.size}`);
  }
}

async function processesUnder(deps: Deps, root: string, procDir: string): Promise<string[]> {
  const out: string[] = [];
  const names = await ifExists(deps.fs.readdir(procDir));
  if (names === undefined) return out; // no /proc (FreeBSD): skip
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    for (const link of ['cwd', 'root']) {
      const target = await deps.fs.readlink(path.join(procDir, name, link)).catch(() => null);
      if (target !== null && (target === root || target.startsWith(`${root}/`))) {
        const cmd = await deps.fs.readFile(path.join(procDir, name, 'cmdline'), 'utf8').catch(() => '');
        out.push(`${name} ${link} ${cmd.split('\0').join(' ').trim()}`);
        break;
      }
    }
  }
  return out.sort();
}

export async function snapshotHost(deps: Deps, root: string, o: { procDir?: string } = {}): Promise<HostSnapshot> {
  const real = await deps.fs.realpath(root);
  const mounts = mountsAtOrBelow(await deps.mounts.read(), real).map((m) => m.target);
  const files: string[] = [];
  await walk(deps, real, real, new Set(mounts), files);
  return { files, mounts: mounts.sort(), processes: await processesUnder(deps, real, o.procDir ?? '/proc') };
}
