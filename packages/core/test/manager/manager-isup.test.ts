import { EventEmitter } from 'node:events';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadExperiment, startBoss, waitForFile, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HostContext, VirtualizationBackend } from '../../src/backend/types.js';
import { composeManager } from '../../src/manager/compose.js';
import { runManager } from '../../src/manager/run-manager.js';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { mkdirStep } from '../../src/steps/builtin/mkdir.js';
import { startProcessStep } from '../../src/steps/builtin/start-process.js';
import { runningVnode } from '../../src/backend/running-vnode.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

// A backend whose vnode cannot report ISUP itself: the manager must do it and
// write the running marker.
const ID = validateVnodeId('pcvm1-3');
let root: string;
let boss: BossSimulator;
let signals: EventEmitter;
let exit: Promise<number> | undefined;

beforeEach(async () => {
  signals = new EventEmitter();
  exit = undefined;
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-isup-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
});
afterEach(async () => {
  // If the test failed half way, stop the manager (and its process) anyway.
  signals.emit('SIGUSR1', 'SIGUSR1');
  await exit;
  await boss.stop();
  await fsp.rm(root, { recursive: true, force: true });
});

function silentBackend(o: { ready?: Promise<void> } = {}): VirtualizationBackend {
  return {
    name: 'silent',
    stepTypes: [mkdirStep, startProcessStep],
    probe: async () => ({ backend: 'silent', usable: true, checks: [] }),
    prepareHost: async () => undefined,
    create: async (v, steps) => void (await steps.run(mkdirStep, { path: v.paths.rootDir }, { phase: 'persistent' })),
    configureNetwork: async () => undefined,
    async boot(_v, steps) {
      const start = await steps.runLive(startProcessStep, { argv: ['sleep', '1000'] }, { phase: 'runtime' });
      return runningVnode(start, o.ready ? { pid: start.live.pid, reportsIsup: true, ready: o.ready } : { pid: start.live.pid, reportsIsup: false });
    },
    state: async () => 'running',
    proxyEndpoint: (v) => ({ hostPath: path.join(v.paths.rootDir, 'tmcc'), insidePath: '/tmcc' }),
  };
}

it('reports ISUP and writes the running marker itself when the vnode cannot', async () => {
  const deps = createTestDeps();
  const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
  exit = runManager(
    composeManager({
      vnodeId: ID,
      backend: silentBackend(),
      host,
      boss: { name: 'boss.example.emulab.net', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
      signals,
      prepareHost: async () => undefined,
    }),
  );
  await boss.waitForState(ID, 'ISUP', 15_000);
  const marker = vnodePaths(host.paths, ID).runningMarker;
  // ISUP is reported before the marker is written: wait for the file, with a deadline.
  await waitForFile(marker, 5_000);
  signals.emit('SIGTERM', 'SIGTERM');
  await expect(exit).resolves.toBe(0);
  expect(boss.states(ID).map((s) => s.state)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN']);
});

it('for a vnode that reports ISUP itself, writes the running marker when the backend says it is ready', async () => {
  const deps = createTestDeps();
  const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const booted = new Promise<void>((resolve) => {
    const backend = silentBackend({ ready });
    const boot = backend.boot.bind(backend);
    backend.boot = async (v, steps) => {
      const r = await boot(v, steps);
      resolve();
      return r;
    };
    exit = runManager(
      composeManager({
        vnodeId: ID, backend, host, signals, prepareHost: async () => undefined,
        boss: { name: 'boss.example.emulab.net', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
      }),
    );
  });
  await booted;
  const marker = vnodePaths(host.paths, ID).runningMarker;
  // Not before the vnode is ready, and the manager does not claim ISUP for it.
  expect(await fsp.access(marker).then(() => true, () => false)).toBe(false);
  markReady();
  await waitForFile(marker, 5_000);
  signals.emit('SIGTERM', 'SIGTERM');
  await expect(exit).resolves.toBe(0);
  expect(boss.states(ID).map((s) => s.state)).toEqual(['BOOTING', 'SHUTDOWN']);
});
