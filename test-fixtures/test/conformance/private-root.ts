// A private root tree for Emulab's client Perl: its own /etc, /var, /users and
// /usr/local/etc/emulab, with the host's /usr, /dev, /proc and this repository
// bind-mounted read-only inside a private mount namespace (in-root.mjs). Emulab's
// Perl hard-codes /etc/emulab and /usr/local/etc/emulab, so this is how it runs
// without touching the host's /etc.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./in-root.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Bind { source: string; target: string; readOnly: boolean }
export interface RunResult { code: number; stdout: string; stderr: string }

export interface PrivateRoot {
  /** Host path of the tree's `/`. */
  root: string;
  put(path: string, data: string | Buffer, mode?: number): Promise<string>;
  /** Runs argv chrooted in the tree; `links` (veth interfaces with these MACs) means a private network namespace too. */
  run(argv: string[], opts?: { env?: Record<string, string>; links?: Array<{ name: string; mac: string }>; timeoutMs?: number }): Promise<RunResult>;
  cleanup(): Promise<void>;
}

// Minimal account files: root only, so what rc.accounts adds is all that is new.
const ETC: Record<string, [string, number]> = {
  'etc/passwd': ['root:x:0:0:root:/root:/bin/sh\n', 0o644],
  'etc/group': ['root:x:0:\n', 0o644],
  'etc/shadow': ['root:*:19000:0:99999:7:::\n', 0o600],
  'etc/gshadow': ['root:*::\n', 0o600],
  'etc/shells': ['/bin/sh\n/bin/bash\n', 0o644],
  'etc/hosts': ['127.0.0.1 localhost\n', 0o644],
};

function hostLayout(): { links: Array<[string, string]>; binds: Bind[] } {
  const links: Array<[string, string]> = [];
  const binds: Bind[] = [];
  for (const top of ['bin', 'sbin', 'lib', 'lib64']) {
    const p = `/${top}`;
    if (!existsSync(p)) continue;
    if (lstatSync(p).isSymbolicLink()) links.push([top, p]);
    else binds.push({ source: p, target: top, readOnly: true });
  }
  for (const sub of ['bin', 'sbin', 'lib', 'lib64', 'libexec', 'share']) {
    if (existsSync(`/usr/${sub}`)) binds.push({ source: `/usr/${sub}`, target: `usr/${sub}`, readOnly: true });
  }
  // /usr/bin has symlinks into /etc/alternatives.
  if (existsSync('/etc/alternatives')) binds.push({ source: '/etc/alternatives', target: 'etc/alternatives', readOnly: true });
  binds.push({ source: '/dev', target: 'dev', readOnly: false }, { source: '/proc', target: 'proc', readOnly: false });
  binds.push({ source: REPO_ROOT, target: REPO_ROOT.replace(/^\/+/, ''), readOnly: true });
  return { links, binds };
}

export async function makePrivateRoot(): Promise<PrivateRoot> {
  const base = await mkdtemp(join(tmpdir(), 'tbvnode-emulab-'));
  const root = join(base, 'root');
  const { links, binds } = hostLayout();
  const put = async (path: string, data: string | Buffer, mode = 0o644): Promise<string> => {
    const p = join(root, path);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, data);
    await chmod(p, mode);
    return p;
  };
  for (const dir of ['tmp', 'users', 'root', 'var/tmp', 'etc/skel']) await mkdir(join(root, dir), { recursive: true });
  await chmod(join(root, 'tmp'), 0o1777);
  for (const [top, p] of links) await symlink(await readlink(p), join(root, top));
  for (const [path, [text, mode]] of Object.entries(ETC)) await put(path, text, mode);
  if (existsSync('/etc/login.defs')) await put('etc/login.defs', await readFile('/etc/login.defs'));
  let n = 0;
  return {
    root,
    put,
    async run(argv, opts = {}) {
      const spec = join(base, `spec-${n++}.json`);
      const env = { PATH: '/usr/local/etc/emulab:/bin:/sbin:/usr/bin:/usr/sbin', HOME: '/root', LANG: 'C', ...opts.env };
      await writeFile(spec, JSON.stringify({ root, binds, sysfs: opts.links !== undefined, links: opts.links, argv, env }));
      const unshare = ['--mount', '--propagation', 'private', ...(opts.links ? ['--net'] : []), '--', process.execPath, RUNNER, spec];
      return new Promise((resolve) => {
        execFile('unshare', unshare, { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
          resolve({ code, stdout, stderr });
        });
      });
    },
    async cleanup() {
      // The binds live only in the namespace that ended with the run; if one were
      // visible here, rm would descend into the host's /usr. Refuse instead.
      const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.split(' ')[4]?.startsWith(base));
      if (mounts.length > 0) throw new Error(`refusing to remove ${base}: still mounted here: ${mounts.join('; ')}`);
      await rm(base, { recursive: true, force: true });
    },
  };
}
