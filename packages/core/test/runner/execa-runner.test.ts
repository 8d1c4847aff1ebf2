import { readFile, readlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { sendSignal } from '../../src/host/process-table.js';
import { createExecaRunner } from '../../src/runner/execa-runner.js';
import { isCommandError, type CommandError } from '../../src/runner/types.js';
import { isTbvnodeError } from '../../src/errors/tbvnode-error.js';
import { createCapturedLogger } from '../../src/testing/test-logger.js';
import { runFixture } from '../helpers/children.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const groups: number[] = [];
afterEach(() => {
  for (const pid of groups.splice(0)) sendSignal(-pid, 'SIGKILL');
});

const hasProcFd = existsSync('/proc/self/fd');

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejection(p: Promise<unknown>): Promise<CommandError> {
  try {
    await p;
  } catch (err) {
    if (isCommandError(err)) return err;
    throw err;
  }
  throw new Error('expected a CommandError');
}

describe('execa runner', () => {
  it('runs an argv array and logs argv, exit status and duration at debug', async () => {
    const { log, records } = createCapturedLogger();
    const r = await createExecaRunner({ log }).run(['printf', '%s|', 'a b', ';id']);
    expect(r.stdout).toBe('a b|;id|');
    expect(r.exitCode).toBe(0);
    const rec = records().find((x) => x.msg === 'command');
    expect(rec).toMatchObject({ level: 20, argv: ['printf', '%s|', 'a b', ';id'], exitCode: 0 });
    expect(typeof rec?.durationMs).toBe('number');
  });

  it('throws a typed error with argv, exit code and stderr', async () => {
    const { log } = createCapturedLogger();
    const err = await rejection(createExecaRunner({ log }).run(['sh', '-c', 'echo oops >&2; exit 3']));
    expect(isTbvnodeError(err)).toBe(true);
    expect(err.code).toBe('COMMAND_FAILED');
    expect(err.argv).toEqual(['sh', '-c', 'echo oops >&2; exit 3']);
    expect(err.exitCode).toBe(3);
    expect(err.stderr).toBe('oops\n');
  });

  it('returns non-zero results when reject is false', async () => {
    const { log } = createCapturedLogger();
    const r = await createExecaRunner({ log }).run(['sh', '-c', 'exit 4'], { reject: false });
    expect(r.exitCode).toBe(4);
  });

  it('resolves a failure it was told to tolerate and throws any other', async () => {
    const { log } = createCapturedLogger();
    const runner = createExecaRunner({ log });
    const exists = await runner.run(['sh', '-c', 'echo "RTNETLINK answers: File exists" >&2; exit 2'], { tolerate: { output: /File exists/ } });
    expect(exists.exitCode).toBe(2);
    const byCode = await runner.run(['sh', '-c', 'exit 3'], { tolerate: { exitCodes: [3] } });
    expect(byCode.exitCode).toBe(3);
    const other = await rejection(runner.run(['sh', '-c', 'echo "Operation not permitted" >&2; exit 2'], { tolerate: { output: /File exists/, exitCodes: [3] } }));
    expect(other.exitCode).toBe(2);
  });

  it('still throws a timeout that matches what it tolerates', async () => {
    const { log } = createCapturedLogger();
    const err = await rejection(createExecaRunner({ log }).run(['sleep', '5'], { timeoutMs: 50, tolerate: { output: /.*/, exitCodes: [143] } }));
    expect(err.code).toBe('COMMAND_TIMEOUT');
  });

  it('reports a missing program as COMMAND_NOT_FOUND even with reject false', async () => {
    const { log } = createCapturedLogger();
    const err = await rejection(createExecaRunner({ log }).run(['/nonexistent/tbvnode-x'], { reject: false }));
    expect(err.code).toBe('COMMAND_NOT_FOUND');
  });

  it('kills a command at its deadline', async () => {
    const { log } = createCapturedLogger();
    const err = await rejection(createExecaRunner({ log }).run(['sleep', '30'], { timeoutMs: 50 }));
    expect(err.code).toBe('COMMAND_TIMEOUT');
  });

  it('passes input and extra environment', async () => {
    const { log } = createCapturedLogger();
    const runner = createExecaRunner({ log, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const r = await runner.run(['sh', '-c', 'cat; printf %s "$X"'], { input: 'in-', env: { X: 'y' } });
    expect(r.stdout).toBe('in-y');
  });

  it('starts a long-lived detached process that leads its own group', async () => {
    const { log } = createCapturedLogger();
    const p = await createExecaRunner({ log }).start(['sh', '-c', 'sleep 30 & wait'], { detached: true });
    expect(p.pid).toBeGreaterThan(0);
    expect(p.kill('SIGTERM', { group: true })).toBe(true);
    const exit = await p.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(p.kill('SIGTERM')).toBe(false);
  });

  it('refuses to start a missing program with a typed error', async () => {
    const { log } = createCapturedLogger();
    await expect(createExecaRunner({ log }).start(['/nonexistent/tbvnode-y'])).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
    });
  });

  it.skipIf(skipBecause(!hasProcFd, 'execa runner fd check: no /proc/self/fd on this platform'))('hands a detached child the output file itself (append), not a pipe through us', async () => {
    const { log } = createCapturedLogger();
    const file = path.join(await tmp(), 'console.log');
    await writeFile(file, 'old\n');
    const p = await createExecaRunner({ log }).start(['sh', '-c', 'echo out; echo err >&2; exec sleep 30'], {
      detached: true,
      stdout: { file },
      stderr: { file },
    });
    groups.push(p.pid);
    await until('both lines', async () => ((await readFile(file, 'utf8')).includes('err\n') ? true : undefined));
    // The child's own descriptors 1 and 2 are the file.
    expect(await readlink(`/proc/${p.pid}/fd/1`)).toBe(file);
    expect(await readlink(`/proc/${p.pid}/fd/2`)).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('old\nout\nerr\n');
    p.kill('SIGKILL', { group: true });
    await p.exited;
  });

  it('truncates the file when append is false', async () => {
    const { log } = createCapturedLogger();
    const file = path.join(await tmp(), 'out');
    await writeFile(file, 'old content that must go\n');
    const p = await createExecaRunner({ log }).start(['sh', '-c', 'echo new'], { stdout: { file, append: false } });
    groups.push(p.pid);
    expect((await p.exited).exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('new\n');
  });

  it('refuses to start when the output file cannot be opened, with a typed error', async () => {
    const { log } = createCapturedLogger();
    const file = path.join(await tmp(), 'missing-dir', 'out');
    await expect(createExecaRunner({ log }).start(['true'], { stdout: { file } })).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      argv: ['true'],
      cause: expect.objectContaining({ code: 'ENOENT' }),
    });
  });

  it('a detached child with file output outlives its parent and keeps writing to the file', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'console.log');
    const pidFile = path.join(dir, 'child.pid');
    await writeFile(file, 'old\n');
    // The parent exits on its own once it has started the child (deadline: it must not hang).
    const parent = runFixture('file-output-parent.mjs', [file, pidFile], 10_000);
    const pid = await until('the child pid', async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.endsWith('\n') ? Number(text.trim()) : undefined;
    });
    groups.push(pid);
    await parent;
    await until('before', async () => ((await readFile(file, 'utf8')).includes('before\n') ? true : undefined));
    expect(sendSignal(pid, 'SIGUSR1')).toBe(true);
    await until('after-err', async () => ((await readFile(file, 'utf8')).includes('after-err\n') ? true : undefined));
    expect(await readFile(file, 'utf8')).toBe('old\nbefore\nafter\nafter-err\n');
  });
});
