// Pid files: written atomically, read strictly (a pid file with garbage is
// reported as such, not taken as "no manager"). Line 1 is the pid, as Emulab's
// tools and `kill $(head -1 file)` expect; the lines after it say who that pid
// was (start time, command line), so a pid the kernel has since given to an
// unrelated process is never mistaken for ours. A file with the pid alone (an
// older tbvnode) still reads.
import type { CoreFs } from '../deps.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

class BadPidFileError extends TbvnodeError {
  declare readonly code: 'BAD_PID_FILE';
  constructor(file: string, content: string) {
    super('BAD_PID_FILE', `${file} does not hold a pid: ${JSON.stringify(content.slice(0, 40))}`);
  }
}

/** Who the pid was when the file was written; either part may be unknown. */
export interface PidIdentity {
  /** ProcessTable.startToken of the pid. */
  readonly startToken?: string | null;
  /** The pid's command line (argv), as /proc/<pid>/cmdline has it. */
  readonly argv?: readonly string[] | null;
}

export interface PidRecord extends PidIdentity {
  readonly pid: number;
}

/** The file's text. Pure. */
export function formatPidFile(pid: number, who: PidIdentity = {}): string {
  const lines = [String(pid)];
  if (who.startToken) lines.push(`start ${who.startToken}`);
  if (who.argv) lines.push(`argv ${JSON.stringify(who.argv)}`);
  return `${lines.join('\n')}\n`;
}

/** Parses a pid file's text; null when it is not one. Unknown keys are skipped (newer writers). Pure. */
export function parsePidFile(text: string): PidRecord | null {
  const [first, ...rest] = text.trim().split('\n');
  if (first === undefined || !/^[1-9]\d{0,9}$/.test(first.trim())) return null;
  let startToken: string | undefined;
  let argv: string[] | undefined;
  for (const line of rest) {
    const m = /^(\w+) (.*)$/.exec(line);
    if (!m) return null;
    if (m[1] === 'start') startToken = m[2];
    if (m[1] === 'argv') {
      let v: unknown;
      try {
        v = JSON.parse(m[2] ?? '');
      } catch (err) {
        if (err instanceof SyntaxError) return null;
        throw err;
      }
      if (!Array.isArray(v) || !v.every((a) => typeof a === 'string')) return null;
      argv = v as string[];
    }
  }
  return { pid: Number(first.trim()), ...(startToken ? { startToken } : {}), ...(argv ? { argv } : {}) };
}

export function writePidFile(fs: Pick<CoreFs, 'open' | 'rename' | 'rm'>, file: string, pid: number, who: PidIdentity = {}): Promise<void> {
  return writeFileAtomic(fs, file, formatPidFile(pid, who));
}

/** The whole record; null when there is no file. */
export async function readPidRecord(fs: Pick<CoreFs, 'readFile'>, file: string): Promise<PidRecord | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const rec = parsePidFile(text);
  if (rec === null) throw new BadPidFileError(file, text);
  return rec;
}

/** The pid in the file; null when there is no file. */
export async function readPidFile(fs: Pick<CoreFs, 'readFile'>, file: string): Promise<number | null> {
  return (await readPidRecord(fs, file))?.pid ?? null;
}
