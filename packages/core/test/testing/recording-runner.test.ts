import { describe, expect, it } from 'vitest';
import { createRecordingRunner, matchesArgv } from '../../src/testing/recording-runner.js';

describe('recording runner', () => {
  it('records argv and answers from the script, first unexhausted match wins', async () => {
    const runner = createRecordingRunner({
      script: [
        { match: ['mdconfig', '-a'], reply: { stdout: 'md3\n' }, times: 1 },
        { match: ['mdconfig', '-a'], reply: { stdout: 'md4\n' } },
        { match: (a) => a[0] === 'ip', reply: (a) => ({ stdout: a.join(',') }) },
      ],
    });
    expect((await runner.run(['mdconfig', '-a', '-t', 'vnode'])).stdout).toBe('md3\n');
    expect((await runner.run(['mdconfig', '-a'])).stdout).toBe('md4\n');
    expect((await runner.run(['ip', 'link'])).stdout).toBe('ip,link');
    expect((await runner.run(['true'])).stdout).toBe('');
    expect(runner.commands()).toEqual([['mdconfig', '-a', '-t', 'vnode'], ['mdconfig', '-a'], ['ip', 'link'], ['true']]);
  });

  it('fails the Nth command, by absolute position or from now', async () => {
    const runner = createRecordingRunner({ failAt: 2 });
    await runner.run(['a']);
    await expect(runner.run(['b'])).rejects.toMatchObject({ code: 'COMMAND_FAILED', argv: ['b'], exitCode: 1 });
    runner.setFailAt(2);
    await runner.run(['c']);
    await expect(runner.run(['d'])).rejects.toMatchObject({ argv: ['d'] });
    await runner.run(['e']);
  });

  it('fails matching commands and unmatched ones when told to', async () => {
    const runner = createRecordingRunner({ failWhen: ['umount'], unmatched: 'fail', script: [{ match: ['ok'] }] });
    await runner.run(['ok']);
    await expect(runner.run(['umount', '/x'])).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    await expect(runner.run(['other'])).rejects.toMatchObject({ code: 'COMMAND_NOT_FOUND' });
  });

  it('returns scripted failures when reject is false', async () => {
    const runner = createRecordingRunner({ script: [{ match: ['x'], reply: { exitCode: 2, stderr: 'no' } }] });
    expect((await runner.run(['x'], { reject: false })).exitCode).toBe(2);
  });

  it('starts fake processes with impossible pids that exit when killed', async () => {
    const runner = createRecordingRunner();
    const p = await runner.start(['init']);
    expect(p.pid).toBeGreaterThan(4_194_304);
    expect(runner.fakeProcesses.has(p.pid)).toBe(true);
    expect(p.kill('SIGUSR1')).toBe(true);
    expect(await p.exited).toEqual({ exitCode: null, signal: 'SIGUSR1' });
    expect(p.kill()).toBe(false);
    expect(runner.calls.map((c) => c.kind)).toEqual(['start']);
  });

  it.each([
    [['a', 'b'], ['a', 'b', 'c'], true],
    [['a', 'b'], ['a'], false],
    [['a', 'x'], ['a', 'b'], false],
    [[], ['a'], true],
  ])('prefix %j matches %j: %s', (m, argv, want) => {
    expect(matchesArgv(m, argv)).toBe(want);
  });
});
