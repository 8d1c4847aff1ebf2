// Processes by pid, for supervising what an earlier (crashed) manager started:
// signal delivery that treats "no such process" as an answer, and a start token
// that tells a reused pid from the process we started.
import type { CommandRunner } from '../runner/types.js';
import type { CoreFs, ProcessTable } from '../deps.js';

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

/** Field 22 (starttime, clock ticks since boot) of /proc/<pid>/stat. Pure. */
export function parseProcStatStartTime(stat: string): string | null {
  // comm (field 2) is in parentheses and may itself contain spaces and ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const rest = stat.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state), so field 22 is rest[19].
  const token = rest[19];
  return token !== undefined && /^\d+$/.test(token) ? token : null;
}

export type StartTokenReader = (pid: number) => Promise<string | null>;

export function linuxStartToken(fs: Pick<CoreFs, 'readFile'>, procDir = '/proc'): StartTokenReader {
  return async (pid) => {
    try {
      return parseProcStatStartTime(await fs.readFile(`${procDir}/${pid}/stat`, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
}

export function freebsdStartToken(runner: CommandRunner): StartTokenReader {
  return async (pid) => {
    const r = await runner.run(['ps', '-o', 'lstart=', '-p', String(pid)], { reject: false });
    const token = r.stdout.trim();
    return r.exitCode === 0 && token !== '' ? token : null;
  };
}

export function createProcessTable(startToken: StartTokenReader): ProcessTable {
  return {
    kill: sendSignal,
    isAlive: (pid) => pid > 0 && sendSignal(pid, 0),
    startToken,
    selfPid: process.pid,
  };
}
