// Replaces a cache directory with the sections of a fullconfig reply. Built in a
// sibling temp dir and renamed into place so readers never see a half-filled cache.
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PRIVATE_SECTIONS } from './commands.js';

export async function writeCache(dir: string, sections: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const tmp = `${dir}.new-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { mode: 0o775 });
  try {
    for (const [name, body] of sections) {
      const file = join(tmp, name);
      await writeFile(file, body, { mode: PRIVATE_SECTIONS.has(name) ? 0o600 : 0o664 });
      if (PRIVATE_SECTIONS.has(name)) await chmod(file, 0o600);
    }
    await chmod(tmp, 0o775);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
