// A vnode's /etc/emulab/bossnode names boss as the manager reached it
// (VnodeConfig.boss): every backend writes it from this one function.
import type { VnodeBoss } from './types.js';

/**
 * Pure: the bossnode line — boss's name, with the port when it is not tmcd's
 * 7777. Anything that is not a plain host[:port] is left out rather than
 * written into the vnode.
 */
export function bossnodeLine(boss: VnodeBoss | undefined): string | undefined {
  const port = boss?.ports?.[0];
  const line = boss ? (port !== undefined && port !== 7777 ? `${boss.name}:${port}` : boss.name) : undefined;
  return line !== undefined && /^[-\w.:[\]]+$/.test(line) ? line : undefined;
}
