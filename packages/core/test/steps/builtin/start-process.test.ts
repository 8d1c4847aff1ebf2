import type { CoreDeps } from '../../../src/deps.js';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { isSameProcess, startProcessStep, stopStartedProcess } from '../../../src/steps/builtin/start-process.js';
import { sendSignal } from '../../../src/host/process-table.js';
import { createExecaRunner } from '../../../src/runner/execa-runner.js';
import { createTestDeps } from '../../../src/testing/test-deps.js';
import { useTmpDirs } from '../../helpers/tmp.js';

const tmp = useTmpDirs();
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) sendSignal(-pid, 'SIGKILL');
});

function env(overrides: Partial<CoreDeps> = {}) {
  const base = createTestDeps();
  const deps = createTestDeps({ runner: createExecaRunner({ log: base.log }), overrides });
  const recorded: unknown[] = [];
  return { deps, log: deps.log, recorded, record: async (r: { pid: number; startToken: string | null }) => void recorded.push(r) };
}

describe('core.startProcess', () => {
  it('records pid and start token, and undo stops the whole process group', async () => {
    const dir = await tmp();
    const e = env();
    const pidFile = path.join(dir, 'grandchild');
    const p = { argv: ['sh', '-c', `sleep 300 & echo $! > ${pidFile}; wait`] as [string, ...string[]] };
    const { result, live } = await startProcessStep.applyLive(p, e);
    started.push(result.pid);
    expect(e.recorded).toEqual([result]);
    expect(result.startToken === null || /^\d+$/.test(result.startToken)).toBe(true);
    const grandchild = await waitForPid(pidFile, e.deps.clock);
    await startProcessStep.revert(p, result, e);
    expect((await live.exited).signal).toBe('SIGTERM');
    expect(await isSameProcess(e.deps, result)).toBe(false);
    // Gone, or a zombie waiting for its new parent to reap it.
    expect(await e.deps.proc.startToken(grandchild)).toBeNull();
  });

  it('escalates to SIGKILL when the stop signal is ignored', async () => {
    const e = env();
    const ready = path.join(await tmp(), 'ready');
    const script = `trap "" TERM USR1; echo $$ > ${ready}; while :; do sleep 1; done`;
    const p = { argv: ['sh', '-c', script] as [string, ...string[]], stopSignal: 'SIGUSR1' as const, killAfterMs: 200 };
    const { result, live } = await startProcessStep.applyLive(p, e);
    started.push(result.pid);
    await waitForPid(ready, e.deps.clock);
    await startProcessStep.revert(p, result, e);
    expect((await live.exited).signal).toBe('SIGKILL');
  });

  it('never signals a reused pid (start token differs)', async () => {
    const e = env();
    const { result, live } = await startProcessStep.applyLive({ argv: ['sleep', '300'] }, e);
    started.push(result.pid);
    const recordedEarlier = { pid: result.pid, startToken: 'some-other-process' };
    await stopStartedProcess(e, recordedEarlier);
    expect(sendSignal(result.pid, 0)).toBe(true);
    live.kill('SIGKILL');
    await live.exited;
  });

  it('tolerates a crash before the pid was recorded and a process already gone', async () => {
    const e = env();
    await startProcessStep.revert({ argv: ['x'] }, undefined, e);
    await startProcessStep.revert({ argv: ['x'] }, { pid: 5_000_123, startToken: null }, e);
  });

  it.skipIf(skipBecause(process.platform !== 'linux', 'finding a process by argv reads /proc (Linux only)'))('with uniqueArgv, finds by argv a start whose pid never reached the journal', async () => {
    const e = env();
    // A unique word in the argv, as a vnode's own path would be.
    const argv = [process.execPath, '-e', 'setInterval(() => {}, 1000)', `tbvnode-test-${process.pid}-${Date.now()}`] as [string, ...string[]];
    const { result, live } = await startProcessStep.applyLive({ argv }, e);
    started.push(result.pid);
    // Without the opt-in nothing is stopped: the argv is not known to be unique.
    await startProcessStep.revert({ argv }, undefined, e);
    expect(await isSameProcess(e.deps, result)).toBe(true);
    await startProcessStep.revert({ argv, uniqueArgv: true }, undefined, e);
    expect((await live.exited).signal).toBe('SIGTERM');
    expect(await isSameProcess(e.deps, result)).toBe(false);
  });
});

describe('core.startProcess undo after the leader exited on its own', () => {
  const SKIP = skipBecause(process.platform !== 'linux', 'leaderless-group undo tests: process groups are listed from /proc (Linux only)');

  async function startLeaderThatLeavesAChild() {
    const pidFile = path.join(await tmp(), 'child');
    const e = env();
    // The leader lives until told (USR1), so its start token is on record first.
    const script = `trap "exit 0" USR1; sleep 300 & echo $! > ${pidFile}; wait`;
    const p = { argv: ['sh', '-c', script] as [string, ...string[]], killAfterMs: 2_000 };
    const { result, live } = await startProcessStep.applyLive(p, e);
    started.push(result.pid);
    expect(result.startToken).toMatch(/^\d+$/);
    const child = await waitForPid(pidFile, e.deps.clock);
    expect(sendSignal(result.pid, 'SIGUSR1')).toBe(true);
    // The leader is gone (and reaped); its background child is still in the group.
    expect((await live.exited).exitCode).toBe(0);
    expect(e.deps.proc.isAlive(result.pid)).toBe(false);
    expect(await e.deps.proc.startToken(child)).not.toBeNull();
    return { e, p, result, child };
  }

  it.skipIf(SKIP)('stops the children the leader left in its process group', async () => {
    const { e, p, result, child } = await startLeaderThatLeavesAChild();
    await startProcessStep.revert(p, result, e);
    // Gone, or a zombie waiting for its new parent to reap it.
    expect(await e.deps.proc.startToken(child)).toBeNull();
  });

  it.skipIf(SKIP)('leaves a leaderless group alone when its members are older than the recorded leader', async () => {
    const { e, result, child } = await startLeaderThatLeavesAChild();
    // As if the journal's leader had started after this child: then the child is not ours.
    const later = { pid: result.pid, startToken: String(BigInt(result.startToken ?? '0') + 1_000_000n) };
    await stopStartedProcess(e, later, { killAfterMs: 200 });
    expect(await e.deps.proc.startToken(child)).not.toBeNull();
  });
});

async function waitForPid(file: string, clock: { now(): number; sleep(ms: number): Promise<void> }): Promise<number> {
  const deadline = clock.now() + 10_000;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim() !== '') return Number(text.trim());
    if (clock.now() > deadline) throw new Error(`no pid in ${file}`);
    await clock.sleep(10);
  }
}
