// injail is POSIX sh for FreeBSD; here it runs under Linux's sh inside a pid
// namespace this test creates (kill -1 must never reach the test's own processes).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause, waitForFile, waitUntil } from '@tbvnode/test-fixtures';
import { INJAIL_SCRIPT } from '../../src/index.js';

const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']).status === 0;
const SKIP = skipBecause(!canUnshare, 'injail signal tests: `unshare --pid --fork` is not available (needs root or user namespaces); kill -1 must not run outside a pid namespace');

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fsp.rm(d, { recursive: true, force: true });
});

const exists = (file: string) => fsp.access(file).then(() => true, () => false);

/** injail in a fresh pid namespace; returns its host pid (the namespace's pid 1) once its pid file exists. */
async function startInjail(args: string[] | ((dir: string) => string[]), env: Record<string, string> = {}) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-injail-'));
  dirs.push(dir);
  const pidfile = path.join(dir, 'injail.pid');
  const rest = typeof args === 'function' ? args(dir) : args;
  const child = spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', INJAIL_SCRIPT, '-v', 'test-vnode', ...rest], {
    env: { ...process.env, ...env, INJAIL_PIDFILE: pidfile, MARK: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitForFile(pidfile, 10_000);
  // unshare --fork: the namespace's pid 1 is unshare's only child.
  const injail = Number((await fsp.readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(' ')[0]);
  return { dir, pidfile, injail, exited, output: () => out };
}

async function childCommands(pid: number): Promise<string[]> {
  const kids = (await fsp.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(' ').filter((x) => x !== '');
  return Promise.all(kids.map(async (k) => (await fsp.readFile(`/proc/${k}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim()));
}

describe('injail', () => {
  it('is POSIX sh (sh -n)', () => {
    expect(() => execFileSync('sh', ['-n', INJAIL_SCRIPT])).not.toThrow();
  });

  it.skipIf(SKIP)('ignores TERM; on USR1 it TERMs everything, KILLs the rest, removes its pid file and exits 0', async () => {
    // The command: one process that records TERM, one that ignores it. Each says
    // when its trap is set: injail's pid file only says the command was forked, and
    // a USR1 before the traps would TERM a shell still on the default action.
    const cmd = 'trap "echo term > $MARK/got-term; exit 0" TERM; (trap "" TERM; : > $MARK/ignoring; exec sleep 300) & sleep 300 & : > $MARK/trapped; wait';
    const j = await startInjail(['sh', '-c', cmd]);
    await waitForFile(path.join(j.dir, 'trapped'), 10_000);
    await waitForFile(path.join(j.dir, 'ignoring'), 10_000);
    process.kill(j.injail, 'SIGTERM');
    process.kill(j.injail, 'SIGUSR1');
    expect(await j.exited).toBe(0);
    // TERM came first: had it not been ignored, injail would have died without this line.
    expect(j.output()).toContain('injail (test-vnode): stopping every process');
    expect(await fsp.readFile(path.join(j.dir, 'got-term'), 'utf8')).toBe('term\n');
    await expect(fsp.access(j.pidfile)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);

  it.skipIf(SKIP)('with a command: exits with its status once it ends, stopping what it left behind', async () => {
    const j = await startInjail(['sh', '-c', 'sleep 300 & exit 3']);
    expect(await j.exited).toBe(3);
    expect(j.output()).toContain('stopping every process');
  }, 30_000);

  it.skipIf(SKIP)('without a command it runs /etc/rc and stays after rc returns, until USR1', async () => {
    // No /etc/rc on this Linux host: rc "fails" at once, and injail must still wait for USR1.
    const j = await startInjail([]);
    let done = false;
    void j.exited.then(() => (done = true));
    // The event: rc has returned and injail sits in its keep-alive loop (a `sleep 3600` child).
    const staying = async () => done || (await childCommands(j.injail)).includes('sleep 3600');
    if (!(await waitUntil(staying, { timeoutMs: 10_000 })) || done) throw new Error(`injail did not stay after rc: ${j.output()}`);
    expect(done).toBe(false);
    process.kill(j.injail, 'SIGUSR1');
    expect(await j.exited).toBe(0);
  }, 30_000);

  describe('-w: the host finishes a VNET jail\'s interfaces first', () => {
    const withGo = (cmd: string) => (dir: string) => ['-w', path.join(dir, 'go'), 'sh', '-c', cmd];
    /** injail is in its wait loop: its only child is the loop's `sleep 0.1`. */
    const waiting = async (pid: number) => (await childCommands(pid)).includes('sleep 0.1');

    it.skipIf(SKIP)('starts the command only once the file exists', async () => {
      const j = await startInjail(withGo(': > $MARK/started; exec sleep 300'));
      if (!(await waitUntil(() => waiting(j.injail), { timeoutMs: 10_000 }))) throw new Error(`injail is not waiting: ${j.output()}`);
      // Seen waiting, and the command has not run.
      expect(await exists(path.join(j.dir, 'started'))).toBe(false);
      await fsp.writeFile(path.join(j.dir, 'go'), '');
      await waitForFile(path.join(j.dir, 'started'), 10_000);
      process.kill(j.injail, 'SIGUSR1');
      expect(await j.exited).toBe(0);
    }, 30_000);

    it.skipIf(SKIP)('USR1 while it waits stops the jail at once: exit 0, the command never ran', async () => {
      const j = await startInjail(withGo(': > $MARK/started'));
      if (!(await waitUntil(() => waiting(j.injail), { timeoutMs: 10_000 }))) throw new Error(`injail is not waiting: ${j.output()}`);
      process.kill(j.injail, 'SIGUSR1');
      expect(await j.exited).toBe(0);
      expect(await exists(path.join(j.dir, 'started'))).toBe(false);
      await expect(fsp.access(j.pidfile)).rejects.toMatchObject({ code: 'ENOENT' });
    }, 30_000);

    it.skipIf(SKIP)('gives up when the host never says go: exit 1, says why, the command never ran', async () => {
      const j = await startInjail(withGo(': > $MARK/started'), { INJAIL_GO_WAIT: '3' });
      expect(await j.exited).toBe(1);
      expect(j.output()).toMatch(/injail \(test-vnode\): the host did not finish this jail's interfaces \(.*\/go\) within 0\.3 s/);
      expect(await exists(path.join(j.dir, 'started'))).toBe(false);
    }, 30_000);
  });
});
