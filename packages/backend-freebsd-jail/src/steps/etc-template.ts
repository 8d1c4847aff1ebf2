// Host scope (prepareHost): the /etc template every jail's /etc is copied from,
// built once per host boot from the allow-list in ../plan/etc-template.ts:
// allowed host files (secrets and anything not world-readable left out), the
// jail's own accounts, fstab and crontab, and the password databases pwd_mkdb
// builds from those accounts. The host's /etc itself never reaches a jail.
import path from 'node:path';
import type { CoreFs, StepType } from '@tbvnode/core';
import { ETC_ALLOW, generatedEtcFiles, isEtcSecret } from '../plan/etc-template.js';
import { run } from './commands.js';

export interface EtcTemplateParams {
  readonly dir: string;
  /** The host's /etc (tests: a private copy with planted secrets). */
  readonly hostEtc: string;
}

async function lstatOrNull(fs: CoreFs, p: string): Promise<Awaited<ReturnType<CoreFs['lstat']>> | null> {
  return fs.lstat(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
}

/** Copies hostEtc/rel into dir/rel (links as links), leaving secrets out; what it left out goes to `left`. */
async function copyAllowed(fs: CoreFs, hostEtc: string, dir: string, rel: string, left: string[]): Promise<void> {
  const from = path.join(hostEtc, rel);
  const st = await lstatOrNull(fs, from);
  if (st === null) return;
  const mode = Number(st.mode);
  const to = path.join(dir, rel);
  await fs.mkdir(path.dirname(to), { recursive: true, mode: 0o755 });
  // A secret's name is refused whatever it is (a link too: doctor would find nothing behind it to judge).
  if (st.isSymbolicLink() ? isEtcSecret(rel, 0o644, false) : isEtcSecret(rel, mode, st.isDirectory())) {
    left.push(rel);
    return;
  }
  if (st.isSymbolicLink()) {
    // Resolved inside the jail, against the jail's own root: it can name nothing of the host's.
    await fs.symlink(await fs.readlink(from), to);
    return;
  }
  if (!st.isDirectory() && !st.isFile()) return;
  if (st.isFile()) {
    await fs.copyFile(from, to);
    await fs.chmod(to, mode & 0o777);
    return;
  }
  await fs.mkdir(to, { mode: mode & 0o777 });
  for (const name of (await fs.readdir(from)).sort()) await copyAllowed(fs, hostEtc, dir, `${rel}/${name}`, left);
}

async function readOrEmpty(fs: CoreFs, file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
}

export const etcTemplateStep: StepType<EtcTemplateParams, { readonly leftOut: number }> = {
  name: 'fbsd.etcTemplate',
  describe: (p) => `/etc template for jails ${p.dir} (allow-list from ${p.hostEtc})`,
  async apply(p, env) {
    const { fs, runner } = env.deps;
    // Rebuilt from scratch: one left by a crash may be half made (or made by older rules).
    await fs.rm(p.dir, { recursive: true, force: true });
    await env.record({ leftOut: 0 });
    await fs.mkdir(p.dir, { recursive: true, mode: 0o755 });
    const left: string[] = [];
    for (const rel of ETC_ALLOW) await copyAllowed(fs, p.hostEtc, p.dir, rel, left);
    const host = { masterPasswd: await readOrEmpty(fs, path.join(p.hostEtc, 'master.passwd')), group: await readOrEmpty(fs, path.join(p.hostEtc, 'group')) };
    for (const f of generatedEtcFiles(host)) {
      await fs.writeFile(path.join(p.dir, f.rel), f.content, { mode: f.mode });
      await fs.chmod(path.join(p.dir, f.rel), f.mode);
    }
    // pwd.db, spwd.db and (-p) the V7 passwd, from the jail's accounts only (mkjail ran it in the jail).
    await run(runner, ['pwd_mkdb', '-p', '-d', p.dir, path.join(p.dir, 'master.passwd')]);
    env.log.debug({ dir: p.dir, leftOut: left }, 'etc template for jails');
    return { leftOut: left.length };
  },
  async revert(p, _result, env) {
    await env.deps.fs.rm(p.dir, { recursive: true, force: true });
  },
};
