import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as vnodesetup } from '../../src/commands/vnodesetup.js';
import { captureDeps } from '../helpers/cli-deps.js';

// Issue 10: every removal and every signal proves ownership first.
const ID = 'pcvm1-1';
let root: string;
const children: number[] = [];
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-own-'));
});
afterEach(async () => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  await fsp.rm(root, { recursive: true, force: true });
});

const env = () => ({ TBVNODE_ROOT: root, TBVNODE_BACKEND: 'process', BOSSNAME: '127.0.0.1:1' });

describe('vnodesetup -k on a config dir that is a symlink', () => {
  it('leaves the target intact and says why', async () => {
    const target = path.join(root, 'precious');
    await fsp.mkdir(path.join(target, 'sub'), { recursive: true });
    await fsp.writeFile(path.join(target, 'sub/data'), 'keep me');
    await fsp.writeFile(path.join(target, 'journal'), '');
    const jails = path.join(root, 'var/emulab/jails');
    await fsp.mkdir(jails, { recursive: true });
    await fsp.symlink(target, path.join(jails, ID));
    const d = captureDeps(env());
    expect(await vnodesetup(['-i', '-k', ID], d)).toBe(65);
    expect(d.err()).toMatch(/refusing .*pcvm1-1.*symlink/);
    expect(await fsp.readFile(path.join(target, 'sub/data'), 'utf8')).toBe('keep me');
    expect((await fsp.lstat(path.join(jails, ID))).isSymbolicLink()).toBe(true);
  });
});

describe('vnodesetup -h with a stale pid file whose pid is now an unrelated process', () => {
  it.each([
    ['a pid file as this tbvnode writes it', (pid: number) => `${pid}\nstart 1\nargv ["node","/usr/bin/vnodesetup","-i","${ID}"]\n`],
    ['a pid-only file of an older tbvnode', (pid: number) => `${pid}\n`],
  ])('does not signal it (%s)', async (_n, content) => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = child.pid as number;
    children.push(pid);
    const died = new Promise<string>((resolve) => child.once('exit', (_c, sig) => resolve(`the unrelated process got ${String(sig)}`)));
    await fsp.mkdir(path.join(root, 'var/run'), { recursive: true });
    await fsp.writeFile(path.join(root, `var/run/tbvnode-${ID}.pid`), content(pid));
    const d = captureDeps(env());
    const outcome = await Promise.race([vnodesetup(['-i', '-h', ID], d).then((code) => `exit ${code}`), died]);
    expect(outcome).toMatch(/^exit /);
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
  });
});
