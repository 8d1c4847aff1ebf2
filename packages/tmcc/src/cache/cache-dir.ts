// Emulab's cache location: <root>/var/emulab/boot/tmcc.<vnodeid>, or tmcc/ for the host.
import { join } from 'node:path';
import { BOOT_DIR } from '../constants.js';
import { TmccError } from '../errors.js';

const VNODE_ID = /^[-\w]+$/;

export function cacheDir(root: string, vnodeId?: string): string {
  if (vnodeId === undefined) return join(root, BOOT_DIR, 'tmcc');
  // The id becomes part of a path: refuse anything but Emulab's id characters.
  if (!VNODE_ID.test(vnodeId)) throw new TmccError('TMCC_USAGE', `bad vnode id: '${vnodeId}'`);
  return join(root, BOOT_DIR, `tmcc.${vnodeId}`);
}
