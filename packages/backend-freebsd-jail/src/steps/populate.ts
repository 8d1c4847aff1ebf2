// Fill a fresh root (persistent, once per image): /etc copied from the host's
// jail template (./etc-template.ts: an allow-list, no host secret, accounts
// without hashes), an empty /root of its own, /var laid out by mtree. Every
// path below the root goes through beneath() (./in-root.ts). Everything lands
// inside the mounted image, so removing the image undoes it.
import { isMountPoint, type StepType } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { run } from './commands.js';
import { jailRoot } from './in-root.js';

export interface PopulateParams {
  readonly rootDir: string;
  /** The host's /etc template for jails (built by prepareHost, checked for secrets by create). */
  readonly etcTemplate: string;
}

export const populateRootStep: StepType<PopulateParams, void> = {
  name: 'fbsd.populateRoot',
  describe: (p) => `populate ${p.rootDir} (/etc from ${p.etcTemplate}, /root, /var)`,
  async apply(p, env) {
    const { deps } = env;
    // Writing into an unmounted root would fill the host's disk, not the image.
    if (!(await isMountPoint(deps, p.rootDir))) throw new FreebsdJailError('FBSD_NOT_OURS', `${p.rootDir} is not mounted; not populating it`);
    const root = jailRoot(deps, p.rootDir);
    await root.copyTree(p.etcTemplate, 'etc');
    // Not the host's /root (an admin's keys and history): the jail's own, empty.
    await root.mkdir('root', 0o700);
    // mtree takes a host path: the dir it writes in is checked (no link on the way) first.
    const varDir = await root.mountTarget('var', 'dir');
    await run(deps.runner, ['mtree', '-deU', '-f', '/etc/mtree/BSD.var.dist', '-p', varDir]);
    await root.mkdir('tmp');
    await root.chmod('tmp', 0o1777);
  },
  // Everything it made is inside the image; the image's own step removes it.
  async revert() {},
};
