import { describe, expect, it } from 'vitest';
import { createExecaRunner } from '../../src/runner/execa-runner.js';
import { isCommandError, type CommandError } from '../../src/runner/types.js';
import { isTbvnodeError } from '../../src/errors/tbvnode-error.js';
import { createCapturedLogger } from '../../src/testing/test-logger.js';

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
});
