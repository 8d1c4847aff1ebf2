// How a command ends when an error reaches it. Every package's errors share one
// base (TbvnodeError, from tmcc through core) that carries its sysexits(3) status,
// decided next to its code. Operators' scripts and Emulab's boss only look at
// zero/non-zero; the distinct values help a human tell "fix your flags" from "try
// again later".
import { SYSEXITS, isTbvnodeError } from '@tbvnode/core';

export const EXIT = SYSEXITS;

// Errors outside the house (a bug, an unexpected throw) are software errors.
export function exitStatusFor(err: unknown): number {
  return isTbvnodeError(err) ? err.exitStatus : EXIT.SOFTWARE;
}
