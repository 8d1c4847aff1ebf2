// Pid files: written atomically, read strictly (a pid file with garbage is
// reported as such, not taken as "no manager").
import type { CoreFs } from '../deps.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

export class BadPidFileError extends TbvnodeError {
  declare readonly code: 'BAD_PID_FILE';
  constructor(file: string, content: string) {
    super('BAD_PID_FILE', `${file} does not hold a pid: ${JSON.stringify(content.slice(0, 40))}`);
  }
}

export function writePidFile(fs: Pick<CoreFs, 'open' | 'rename' | 'rm'>, file: string, pid: number): Promise<void> {
  return writeFileAtomic(fs, file, `${pid}\n`);
}

/** The pid in the file; null when there is no file. */
export async function readPidFile(fs: Pick<CoreFs, 'readFile'>, file: string): Promise<number | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const t = text.trim();
  if (!/^[1-9]\d{0,9}$/.test(t)) throw new BadPidFileError(file, text);
  return Number(t);
}
