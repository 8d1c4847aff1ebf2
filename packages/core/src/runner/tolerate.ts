// Pure: whether a finished command's result makes `run` throw. Every CommandRunner
// (execa's and the fakes) decides with this one function, so `tolerate` means the
// same everywhere.
import type { CommandResult, RunOptions, Tolerate } from './types.js';

/** A failure the caller named as an answer: an exit code it expects, or output it recognises. */
export function isTolerated(r: Pick<CommandResult, 'exitCode' | 'stdout' | 'stderr'>, t: Tolerate | undefined): boolean {
  if (t === undefined) return false;
  if (r.exitCode !== null && t.exitCodes?.includes(r.exitCode) === true) return true;
  // Tools print "already there" / "already gone" on stderr, a few (FreeBSD's) on stdout.
  return t.output?.test(`${r.stderr}\n${r.stdout}`) === true;
}

/** A completed run (not a timeout, abort or spawn failure) that did not succeed throws unless told otherwise. */
export function rejectsResult(r: Pick<CommandResult, 'exitCode' | 'stdout' | 'stderr'>, o: Pick<RunOptions, 'reject' | 'tolerate'>): boolean {
  return r.exitCode !== 0 && o.reject !== false && !isTolerated(r, o.tolerate);
}
