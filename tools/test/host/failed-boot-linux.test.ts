// Issue 10, as an operator meets it: a file written in a Linux vnode survives a
// halt and then a boot that fails (startTimeoutMs: 1); the vnode stays until -k.
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipBecause, waitUntil } from '@tbvnode/test-fixtures';
import { startBossHost } from './boss-host.js';

const isRoot = process.getuid?.() === 0;

const VNODESETUP = fileURLToPath(new URL('../../../packages/cli/bin/vnodesetup.js', import.meta.url));

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  if (!(await waitUntil(check, { timeoutMs: ms }))) throw new Error(`${what}: not within ${ms} ms`);
}

describe.skipIf(skipBecause(!isRoot, 'failed-boot-keeps-disk Linux test: needs root (namespaces, bridges, mounts)'))('a failed Linux boot after a halt', () => {
  it('keeps the halted vnode\'s files; -k then removes it', async () => {
    const bh = await startBossHost({ backend: 'linux-vserver' });
    const { host, env } = bh;
    try {
      const jail = `${host.rootDir}/var/emulab/jails/pcvm1-1`;
      const vs = (args: string[], extra: Record<string, string> = {}) =>
        host.run([process.execPath, VNODESETUP, ...args, 'pcvm1-1'], { env: { ...env, ...extra }, timeoutMs: 90_000, reject: false });

      expect((await vs(['-j', '-b'])).exitCode).toBe(0);
      const init = Number((await readFile(`${jail}/vnode.pid`, 'utf8')).trim().split(' ')[0]);
      const w = await host.execInVnode(init, ['sh', '-c', 'echo precious > /root/results.txt && sync'], { reject: false });
      expect(w.exitCode, w.stderr).toBe(0);
      expect((await vs(['-j', '-h'])).exitCode).toBe(0);

      const failed = await vs(['-j', '-b'], { TBVNODE_BACKEND_OPTIONS: '{"startTimeoutMs":1}' });
      expect(failed.exitCode).not.toBe(0);
      await until('the failed manager to exit', 30_000, async () => access(`${host.rootDir}/var/run/tbvnode-pcvm1-1.pid`).then(() => false, () => true));
      // Still there, and a good boot restores it with the file.
      expect((await vs(['-j', '-b'])).exitCode).toBe(0);
      const again = Number((await readFile(`${jail}/vnode.pid`, 'utf8')).trim().split(' ')[0]);
      expect((await host.execInVnode(again, ['cat', '/root/results.txt'])).stdout).toBe('precious\n');

      expect((await vs(['-j', '-k'])).exitCode).toBe(0);
      expect(await access(jail).then(() => true, () => false)).toBe(false);
    } catch (e) {
      // Report what failed, not only what destroy() finds after it: remove the vnode first.
      await host.run([process.execPath, VNODESETUP, '-j', '-k', 'pcvm1-1'], { env, timeoutMs: 90_000, reject: false });
      const cleanup = await bh.close().then(() => '', (d: unknown) => `\nand then: ${String(d)}`);
      throw new Error(`${String(e)}${cleanup}`, { cause: e });
    }
    await bh.close();
  }, 300_000);
});
