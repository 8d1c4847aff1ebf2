// Wait for a file a vnode writes (vrunning) with a deadline; polled, since the
// file appears from inside another mount namespace.
import { access } from 'node:fs/promises';

export async function waitFile(file: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await access(file);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (Date.now() > until) throw new Error(`${file} did not appear within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
