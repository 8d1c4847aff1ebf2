// Read-only prerequisite checks for `tbvnode doctor` (and for tests to skip with
// a reason). Never changes the host.
import path from 'node:path';
import type { CoreDeps, ProbeCheck, ProbeReport } from '@tbvnode/core';
import type { LinuxOptions } from '../backend/options.js';
import { detectCgroup } from '../cgroup/detect.js';
import { controllersFor, hasLimits } from '../cgroup/limits.js';
import { containmentChecks } from './containment.js';
import { probeLinkDrivers } from './link-drivers.js';
import { portFilterChecks, probeFilterSupport } from './port-filter-check.js';

const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['ip', 'iproute2'], ['unshare', 'util-linux'], ['nsenter', 'util-linux'], ['mount', 'util-linux'],
  ['umount', 'util-linux'], ['pivot_root', 'util-linux'], ['setpriv', 'util-linux'], ['mkfifo', 'coreutils'], ['timeout', 'coreutils'],
];

async function readOr(deps: CoreDeps, file: string): Promise<string> {
  try {
    return await deps.fs.readFile(file, 'utf8');
  } catch (e) {
    // An absent /proc file is itself the answer ("this kernel lacks it").
    void e;
    return '';
  }
}

/** The scripts every vnode runs, from this package's vnode/ dir. */
export const VNODE_SCRIPTS = ['enter.sh', 'init.sh', 'rc.sh', 'gate.sh', 'seccomp-exec.py', 'join.sh'] as const;

/** `etcTemplate`: the host's /etc template, checked for secrets when it exists. */
export async function probeLinux(deps: CoreDeps, o: LinuxOptions, vnodeFilesDir: string, etcTemplate?: string): Promise<ProbeReport> {
  const checks: ProbeCheck[] = [];
  // A broken install (or a bundle that lost track of this package) shows here, not at the first boot.
  const missing: string[] = [];
  for (const f of VNODE_SCRIPTS) if (!(await deps.fs.access(path.join(vnodeFilesDir, f)).then(() => true, () => false))) missing.push(f);
  checks.push({ name: 'vnode scripts', ok: missing.length === 0, detail: missing.length === 0 ? vnodeFilesDir : `missing in ${vnodeFilesDir}: ${missing.join(', ')}` });
  const uid = process.getuid?.();
  checks.push({ name: 'root', ok: uid === 0, ...(uid === 0 ? {} : { detail: 'namespaces, bridges and mounts need root' }) });
  for (const [cmd, pkg] of COMMANDS) {
    const r = await deps.runner.run([cmd, '--version'], { reject: false, timeoutMs: 5_000 }).catch((e: unknown) => ({ exitCode: -1, stderr: String(e) }));
    // pivot_root/mkfifo print usage and exit non-zero on some versions: found is what matters.
    const found = r.exitCode !== -1 && r.exitCode !== 127;
    checks.push({ name: `command ${cmd}`, ok: found, ...(found ? {} : { detail: `install ${pkg}` }) });
  }
  for (const ns of ['net', 'pid', 'mnt', 'uts', 'ipc']) {
    const ok = await deps.fs.access(`/proc/self/ns/${ns}`).then(() => true, () => false);
    checks.push({ name: `${ns} namespace`, ok, ...(ok ? {} : { detail: `kernel built without CONFIG_${ns.toUpperCase()}_NS` }) });
  }
  checks.push(...(await containmentChecks(deps, path.join(vnodeFilesDir, 'seccomp-exec.py'), etcTemplate)));
  if (o.privateDirs === 'overlay') {
    const ok = /\toverlay\n/.test(await readOr(deps, '/proc/filesystems'));
    checks.push({ name: 'overlayfs', ok, ...(ok ? {} : { detail: 'modprobe overlay, or set privateDirs=copy' }) });
  }
  if (hasLimits(o.limits)) {
    const cg = detectCgroup(await deps.mounts.read(), controllersFor(o.limits));
    checks.push({ name: 'cgroup controllers', ok: cg !== null, detail: cg ? `cgroup v${cg.version} at ${cg.mountRoot}` : `mount the ${controllersFor(o.limits).join(', ')} controllers` });
  }
  checks.push(...portFilterChecks(o.portFilter, o.portFilter === 'off' ? { nft: false } : await probeFilterSupport(deps)));
  // Only as root: a private network namespace needs CAP_SYS_ADMIN (the root check says so already).
  if (uid === 0) checks.push(...(await probeLinkDrivers(deps)));
  return { backend: 'linux-vserver', usable: checks.every((c) => c.ok), checks };
}
