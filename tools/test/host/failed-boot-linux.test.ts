// Issue 10, as an operator meets it: a file written in a Linux vnode survives a
// halt and then a boot that fails (startTimeoutMs: 1); the vnode stays until -k.
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { createThrowawayHost } from '@tbvnode/test-host';

const isRoot = process.getuid?.() === 0;

const BOSS_BIN = fileURLToPath(new URL('../../../test-fixtures/bin/tbvnode-boss.js', import.meta.url));
const VNODESETUP = fileURLToPath(new URL('../../../packages/cli/bin/vnodesetup.js', import.meta.url));

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(skipBecause(!isRoot, 'failed-boot-keeps-disk Linux test: needs root (namespaces, bridges, mounts)'))('a failed Linux boot after a halt', () => {
  it('keeps the halted vnode\'s files; -k then removes it', async () => {
    const host = await createThrowawayHost();
    const bossLog = `${host.rootDir}/boss.log`;
    const boss = await host.runner.start([process.execPath, BOSS_BIN, '-p', '0'], { stdout: { file: bossLog }, stderr: { file: bossLog } });
    let cleanupEnv: Record<string, string> | undefined;
    try {
      let port: string | undefined;
      await until('boss', 10_000, async () => (port = /ports (\d+)/.exec(await readFile(bossLog, 'utf8').catch(() => ''))?.[1]) !== undefined);
      const env = { TBVNODE_ROOT: host.rootDir, BOSSNAME: `127.0.0.1:${port}`, TBVNODE_BACKEND: 'linux-vserver' };
      cleanupEnv = env;
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
      if (cleanupEnv) await host.run([process.execPath, VNODESETUP, '-j', '-k', 'pcvm1-1'], { env: cleanupEnv, timeoutMs: 90_000, reject: false });
      boss.kill('SIGTERM');
      await boss.exited;
      const cleanup = await host.destroy().then(() => '', (d: unknown) => `\nand then: ${String(d)}`);
      throw new Error(`${String(e)}${cleanup}`, { cause: e });
    }
    boss.kill('SIGTERM');
    await boss.exited;
    await host.destroy();
  }, 300_000);
});
