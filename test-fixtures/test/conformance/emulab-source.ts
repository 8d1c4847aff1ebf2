// Emulab's client files, read at test time from a local copy of the public
// senseisimple/emulab-stable source named by TBVNODE_EMULAB_SRC: a checkout, or a
// git dir (bare or .git; files come from its HEAD). Nothing of Emulab is committed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const EMULAB_SRC_VAR = 'TBVNODE_EMULAB_SRC';

export interface EmulabSource {
  describe: string;
  read(path: string): Promise<Buffer>;
}

function gitShow(gitDir: string, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { encoding: 'buffer', maxBuffer: 64 << 20, timeout: 30_000 }, (err, stdout) => {
      if (err) reject(new Error(`git show HEAD:${path} in ${gitDir}: ${err.message}`));
      else resolve(stdout);
    });
  });
}

/** The source, or why there is none (the test is then skipped with that reason). */
export function findEmulabSource(env: Record<string, string | undefined>): EmulabSource | string {
  const where = env[EMULAB_SRC_VAR];
  if (where === undefined || where === '') return `${EMULAB_SRC_VAR} is not set (point it at a checkout or git dir of senseisimple/emulab-stable)`;
  if (existsSync(join(where, 'clientside/tmcc/common/libtmcc.pm'))) {
    return { describe: `checkout ${where}`, read: (p) => readFile(join(where, p)) };
  }
  if (existsSync(join(where, 'HEAD')) && existsSync(join(where, 'objects'))) {
    return { describe: `git dir ${where} (HEAD)`, read: (p) => gitShow(where, p) };
  }
  if (existsSync(join(where, '.git'))) return { describe: `git dir ${where}/.git (HEAD)`, read: (p) => gitShow(join(where, '.git'), p) };
  return `${EMULAB_SRC_VAR}=${where} is neither a checkout (clientside/tmcc/common/libtmcc.pm) nor a git dir`;
}

// Where each Emulab file goes on a Linux node (clientside/tmcc/common/GNUmakefile.in,
// common/config/GNUmakefile.in, linux/GNUmakefile.in):
// paths.pm to /etc/emulab, the libraries and tmcc.pl (as tmcc) to $BINDIR, rc scripts to $BINDIR/rc.
export const EMULAB_FILES: ReadonlyArray<readonly [string, string]> = [
  ['clientside/tmcc/common/paths.pm', 'etc/emulab/paths.pm'],
  ['clientside/tmcc/common/libtmcc.pm', 'usr/local/etc/emulab/libtmcc.pm'],
  ['clientside/tmcc/common/libsetup.pm', 'usr/local/etc/emulab/libsetup.pm'],
  ['clientside/tmcc/common/libtestbed.pm', 'usr/local/etc/emulab/libtestbed.pm'],
  ['clientside/tmcc/common/config/librc.pm', 'usr/local/etc/emulab/librc.pm'],
  ['clientside/tmcc/linux/liblocsetup.pm', 'usr/local/etc/emulab/liblocsetup.pm'],
  ['clientside/tmcc/common/tmcc.pl', 'usr/local/etc/emulab/tmcc'],
  ['clientside/tmcc/common/config/rc.accounts', 'usr/local/etc/emulab/rc/rc.accounts'],
  ['clientside/tmcc/common/config/rc.misc', 'usr/local/etc/emulab/rc/rc.misc'],
  ['clientside/tmcc/common/config/rc.keys', 'usr/local/etc/emulab/rc/rc.keys'],
  ['clientside/tmcc/common/config/rc.hostnames', 'usr/local/etc/emulab/rc/rc.hostnames'],
];
