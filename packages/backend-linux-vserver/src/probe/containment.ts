// Doctor checks for what keeps a vnode's root contained: user and cgroup
// namespaces, the seccomp filter's compiler, and no host secret in the /etc
// template every vnode's /etc is made from. Read-only.
import path from 'node:path';
import { ifExists, type CoreDeps, type ProbeCheck } from '@tbvnode/core';
import { isSecret } from '../rootfs/etc-template.js';

/** The interpreter the vnode's seccomp loader runs with (Debian's, with python3-seccomp). */
const SECCOMP_PYTHON = '/usr/bin/python3';

async function readOr(deps: CoreDeps, file: string): Promise<string | null> {
  return ifExists(deps.fs.readFile(file, 'utf8'), null);
}

/** Template entries that are secrets (there should be none), walked breadth first, bounded. */
async function secretsInTemplate(deps: CoreDeps, dir: string, max = 20_000): Promise<string[]> {
  const found: string[] = [];
  const queue = [''];
  let seen = 0;
  while (queue.length > 0 && seen < max) {
    const rel = queue.shift() as string;
    for (const d of await deps.fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      seen++;
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) continue;
      const st = await deps.fs.lstat(path.join(dir, r));
      if (isSecret(r, st.mode, d.isDirectory())) found.push(r);
      else if (d.isDirectory()) queue.push(r);
    }
  }
  return found;
}

/** `seccompExec`: the package's vnode/seccomp-exec.py, run here exactly as a vnode's gate runs it. */
export async function containmentChecks(deps: CoreDeps, seccompExec: string, etcTemplate: string | undefined): Promise<ProbeCheck[]> {
  const checks: ProbeCheck[] = [];
  const maxUserns = (await readOr(deps, '/proc/sys/user/max_user_namespaces'))?.trim();
  const userns = (await deps.fs.access('/proc/self/ns/user').then(() => true, () => false)) && maxUserns !== '0';
  checks.push({ name: 'user namespace', ok: userns, detail: userns ? `max_user_namespaces ${maxUserns ?? '?'}` : 'a vnode root would be host root: enable CONFIG_USER_NS and set user.max_user_namespaces > 0' });
  const cgns = await deps.fs.access('/proc/self/ns/cgroup').then(() => true, () => false);
  checks.push({ name: 'cgroup namespace', ok: cgns, ...(cgns ? {} : { detail: 'kernel built without CONFIG_CGROUPS ns support' }) });
  const py = await deps.runner.run([SECCOMP_PYTHON, '-I', '-S', seccompExec, '/bin/true'], { reject: false, timeoutMs: 10_000 }).catch((e: unknown) => ({ exitCode: -1, stderr: String(e) }));
  checks.push({ name: 'seccomp compiler', ok: py.exitCode === 0, detail: py.exitCode === 0 ? `libseccomp via ${SECCOMP_PYTHON}` : 'install python3-seccomp (Debian): it compiles the vnode\'s seccomp filter' });
  if (etcTemplate === undefined) return checks;
  const exists = await deps.fs.access(etcTemplate).then(() => true, () => false);
  if (!exists) {
    checks.push({ name: 'host secrets', ok: true, detail: `no /etc template yet; prepareHost makes ${etcTemplate} without secrets` });
    return checks;
  }
  const secrets = await secretsInTemplate(deps, etcTemplate);
  checks.push({
    name: 'host secrets',
    ok: secrets.length === 0,
    detail: secrets.length === 0 ? `${etcTemplate} holds no key, shadow or certificate` : `a vnode would see host secrets in ${etcTemplate}: ${secrets.slice(0, 8).join(', ')}`,
  });
  return checks;
}
