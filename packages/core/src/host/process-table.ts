// Processes by pid, for supervising what an earlier (crashed) manager started:
// signal delivery that treats "no such process" as an answer, and a start token
// that tells a reused pid from the process we started.
import { readFileSync } from 'node:fs';
import type { CommandRunner } from '../runner/types.js';
import type { CoreFs, GroupMember, ProcessTable } from '../deps.js';
import { ifExists, ifExistsSync } from '../toolkit/if-exists.js';

// A /proc entry is gone (ENOENT), or its process exited between open and read (ESRCH).
const GONE = ['ESRCH'];

export function sendSignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    // EPERM: it exists but is not ours — alive, and not something we may touch.
    if (code === 'EPERM' && signal === 0) return true;
    throw err;
  }
}

/**
 * Field 22 (starttime, clock ticks since boot) of /proc/<pid>/stat; null for a
 * zombie (state Z/X: dead, merely not yet reaped by its parent). Pure.
 */
export function parseProcStatStartTime(stat: string): string | null {
  // comm (field 2) is in parentheses and may itself contain spaces and ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const rest = stat.slice(close + 1).trim().split(/\s+/);
  if (rest[0] === 'Z' || rest[0] === 'X') return null;
  // rest[0] is field 3 (state), so field 22 is rest[19].
  const token = rest[19];
  return token !== undefined && /^\d+$/.test(token) ? token : null;
}

/** Process group (field 5) of a /proc/<pid>/stat line, or null for a zombie. Pure. */
export function parseProcStatGroup(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const rest = stat.slice(close + 1).trim().split(/\s+/);
  if (rest[0] === 'Z' || rest[0] === 'X' || rest[2] === undefined) return null;
  return Number(rest[2]);
}

/**
 * Process group (field 5) and start time (field 22) of a /proc/<pid>/stat line,
 * from one read so they describe the same process; null for a zombie. Pure.
 */
export function parseProcStatMember(stat: string): { pgid: number; startToken: string } | null {
  const pgid = parseProcStatGroup(stat);
  const startToken = parseProcStatStartTime(stat);
  return pgid === null || startToken === null ? null : { pgid, startToken };
}

export function linuxListGroupMembers(
  fs: Pick<CoreFs, 'readFile' | 'readdir'>, procDir = '/proc',
): (pgid: number) => Promise<GroupMember[]> {
  return async (pgid) => {
    const members: GroupMember[] = [];
    for (const name of await fs.readdir(procDir)) {
      if (!/^\d+$/.test(name)) continue;
      const stat = await ifExists(fs.readFile(`${procDir}/${name}/stat`, 'utf8'), undefined, GONE);
      if (stat === undefined) continue;
      const facts = parseProcStatMember(stat);
      if (facts?.pgid === pgid) members.push({ pid: Number(name), ...facts });
    }
    return members;
  };
}

export function linuxGroupMembers(fs: Pick<CoreFs, 'readFile' | 'readdir'>, procDir = '/proc'): (pgid: number) => Promise<number[]> {
  const list = linuxListGroupMembers(fs, procDir);
  return async (pgid) => (await list(pgid)).map((m) => m.pid);
}

export type StartTokenReader = (pid: number) => Promise<string | null>;

/** State (field 3) of a /proc/<pid>/stat line: 'R', 'S', 'Z', ...; null if unreadable. Pure. */
export function parseProcStatState(stat: string): string | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  return stat.slice(close + 1).trim().split(/\s+/)[0] ?? null;
}

/**
 * Is the pid a zombie? A SIGKILLed manager stays one until its parent (often this
 * host's PID 1) reaps it, and kill(pid, 0) still finds it: without this check,
 * vnodesetup -k would wait for a dead manager to stop. Synchronous like kill(2).
 */
export function linuxIsZombie(procDir = '/proc', read: (file: string) => string = (f) => readFileSync(f, 'utf8')): (pid: number) => boolean {
  return (pid) => {
    const state = ifExistsSync(() => parseProcStatState(read(`${procDir}/${pid}/stat`)), null, GONE);
    return state === 'Z' || state === 'X';
  };
}

export function linuxStartToken(fs: Pick<CoreFs, 'readFile'>, procDir = '/proc'): StartTokenReader {
  return async (pid) => {
    const stat = await ifExists(fs.readFile(`${procDir}/${pid}/stat`, 'utf8'), null, GONE);
    return stat === null ? null : parseProcStatStartTime(stat);
  };
}

/** argv from /proc/<pid>/cmdline (NUL-separated); null when the process is gone or has none (a zombie). */
export function linuxCommandLine(fs: Pick<CoreFs, 'readFile'>, procDir = '/proc'): (pid: number) => Promise<string[] | null> {
  return async (pid) => {
    const raw = await ifExists(fs.readFile(`${procDir}/${pid}/cmdline`, 'utf8'), '', GONE);
    if (raw === '') return null;
    return raw.replace(/\0$/, '').split('\0');
  };
}

export function freebsdStartToken(runner: CommandRunner): StartTokenReader {
  return async (pid) => {
    const r = await runner.run(['ps', '-o', 'lstart=', '-p', String(pid)], { reject: false });
    const token = r.stdout.trim();
    return r.exitCode === 0 && token !== '' ? token : null;
  };
}

export function createProcessTable(
  startToken: StartTokenReader,
  groupMembers?: (pgid: number) => Promise<number[]>,
  listGroupMembers?: (pgid: number) => Promise<GroupMember[]>,
  isZombie?: (pid: number) => boolean,
  commandLine?: (pid: number) => Promise<readonly string[] | null>,
): ProcessTable {
  return {
    ...(commandLine ? { commandLine } : {}),
    kill: sendSignal,
    isAlive: (pid) => pid > 0 && sendSignal(pid, 0) && !(isZombie?.(pid) ?? false),
    startToken,
    ...(groupMembers ? { groupMembers } : {}),
    ...(listGroupMembers ? { listGroupMembers } : {}),
    selfPid: process.pid,
  };
}
