// Emulab's rule for vnode ids (^[-\w]+$, ASCII only) plus a length cap: ids end up
// in paths, pid-file names, jail names and (shortened) interface names, so
// anything else is refused before it reaches a path or a command.
import { SYSEXITS, TbvnodeError } from '../errors/tbvnode-error.js';

export const MAX_VNODE_ID_LENGTH = 64;

const VNODE_ID = /^[-A-Za-z0-9_]+$/;

declare const vnodeIdBrand: unique symbol;
/** A string that passed validateVnodeId. */
export type VnodeId = string & { readonly [vnodeIdBrand]: true };

export class InvalidVnodeIdError extends TbvnodeError {
  declare readonly code: 'INVALID_VNODE_ID';
  readonly vnodeId: string;
  constructor(vnodeId: string, reason: string) {
    super('INVALID_VNODE_ID', `invalid vnode id ${JSON.stringify(vnodeId.slice(0, 80))}: ${reason}`, { exitStatus: SYSEXITS.DATAERR });
    this.vnodeId = vnodeId;
  }
}

/** Why an id is refused, or null when it is fine. Pure. */
export function vnodeIdProblem(id: string): string | null {
  if (id.length === 0) return 'empty';
  if (id.length > MAX_VNODE_ID_LENGTH) return `longer than ${MAX_VNODE_ID_LENGTH} characters`;
  if (!VNODE_ID.test(id)) return 'only letters, digits, "_" and "-" are allowed';
  // A leading "-" would read as an option to every command it is passed to.
  if (id.startsWith('-')) return 'must not start with "-"';
  return null;
}

export function validateVnodeId(id: string): VnodeId {
  const problem = vnodeIdProblem(id);
  if (problem !== null) throw new InvalidVnodeIdError(id, problem);
  return id as VnodeId;
}

export function isValidVnodeId(id: string): id is VnodeId {
  return vnodeIdProblem(id) === null;
}
