// Replace a file so readers see the old content or the new, never a torn one:
// write a temp file beside it, fsync, rename over, fsync the directory.
import path from 'node:path';
import type { CoreFs } from '../deps.js';

export async function writeFileAtomic(
  fs: Pick<CoreFs, 'open' | 'rename' | 'rm'>, file: string, content: string | Buffer, mode = 0o644,
): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  const dir = await fs.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } catch (err) {
    // Some file systems cannot fsync a directory; the rename itself still happened.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL' && (err as NodeJS.ErrnoException).code !== 'EISDIR') throw err;
  } finally {
    await dir.close();
  }
}
