// Teardown stops the vnode exactly once: the handle's stop() is the start step's
// revert, journaled, and the undo of the rest of the journal does not run it
// again — after a halt, and after the vnode died on its own.
import { EventEmitter } from 'node:events';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runningVnode } from '../../src/backend/running-vnode.js';
import type { HostContext, VirtualizationBackend } from '../../src/backend/types.js';
import { composeManager } from '../../src/manager/compose.js';
import { runManager } from '../../src/manager/run-manager.js';
import { hostPaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import type { StartedProcess } from '../../src/runner/types.js';
import { mkdirStep } from '../../src/steps/builtin/mkdir.js';
import { startProcessStep, type StartProcessParams, type StartProcessResult } from '../../src/steps/builtin/start-process.js';
import type { LiveStepType } from '../../src/steps/types.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

const ID = validateVnodeId('pcvm1-3');
let root: string;
let boss: BossSimulator;
let signals: EventEmitter;
let exit: Promise<number> | undefined;

beforeEach(async () => {
  signals = new EventEmitter();
  exit = undefined;
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-stop-once-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
});

afterEach(async () => {
  signals.emit('SIGUSR1', 'SIGUSR1');
  await exit;
  await boss.stop();
  await fsp.rm(root, { recursive: true, force: true });
});

// core.startProcess under its own name, counting how often its revert (the stop) runs.
function countingBackend(): { backend: VirtualizationBackend; reverts: () => number; booted: Promise<StartedProcess> } {
  let n = 0;
  let onBoot!: (p: StartedProcess) => void;
  const booted = new Promise<StartedProcess>((r) => (onBoot = r));
  const counted: LiveStepType<StartProcessParams, StartProcessResult, StartedProcess> = {
    ...startProcessStep,
    name: 'test.counted-start',
    async revert(p, r, env) {
      n += 1;
      await startProcessStep.revert(p, r, env);
    },
  };
  const backend: VirtualizationBackend = {
    name: 'counted',
    stepTypes: [counted],
    probe: async () => ({ backend: 'counted', usable: true, checks: [] }),
    prepareHost: async () => undefined,
    create: async (v, steps) => void (await steps.run(mkdirStep, { path: v.paths.rootDir }, { phase: 'persistent' })),
    configureNetwork: async () => undefined,
    async boot(_v, steps) {
      const start = await steps.runLive(counted, { argv: ['sleep', '1000'] }, { phase: 'runtime' });
      onBoot(start.live);
      return runningVnode(start, { pid: start.live.pid, reportsIsup: false });
    },
    state: async () => 'running',
    proxyEndpoint: (v) => ({ hostPath: path.join(v.paths.rootDir, 'tmcc'), insidePath: '/tmcc' }),
  };
  return { backend, reverts: () => n, booted };
}

function start(backend: VirtualizationBackend): Promise<number> {
  const deps = createTestDeps();
  const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
  return runManager(
    composeManager({
      vnodeId: ID, backend, host, signals, prepareHost: async () => undefined, stopTimeoutMs: 2_000,
      boss: { name: 'boss.example.emulab.net', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
    }),
  );
}

it('a halt stops the vnode once: the undo does not revert the start step again', async () => {
  const c = countingBackend();
  exit = start(c.backend);
  const child = await c.booted;
  await boss.waitForState(ID, 'ISUP', 15_000);
  signals.emit('SIGTERM', 'SIGTERM');
  await expect(exit).resolves.toBe(0);
  expect(c.reverts()).toBe(1);
  await child.exited;
});

it('a vnode that died on its own is not stopped twice either', async () => {
  const c = countingBackend();
  exit = start(c.backend);
  const child = await c.booted;
  await boss.waitForState(ID, 'ISUP', 15_000);
  child.kill('SIGKILL');
  await expect(exit).resolves.toBe(1);
  expect(boss.states(ID).map((s) => s.state)).toEqual(['BOOTING', 'ISUP', 'TBFAILED']);
  expect(c.reverts()).toBe(1);
});
