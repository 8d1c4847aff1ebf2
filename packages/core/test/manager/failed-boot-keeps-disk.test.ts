import { EventEmitter } from 'node:events';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostContext, VirtualizationBackend } from '../../src/backend/types.js';
import { readJournal } from '../../src/journal/journal-file.js';
import { composeManager } from '../../src/manager/compose.js';
import { runManager } from '../../src/manager/run-manager.js';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { processBackend } from '../../src/process-backend/descriptor.js';
import type { StepType } from '../../src/steps/types.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

// Issue 10: halt promises to keep the disk; a boot that fails afterwards must keep
// it too. Only what this failing boot created goes.
const ID = validateVnodeId('pcvm1-1');
let root: string;
let boss: BossSimulator;
const signalSources: EventEmitter[] = [];
const exits: Array<Promise<number>> = [];

beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-fbk-'));
  boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
});

afterEach(async () => {
  for (const s of signalSources.splice(0)) s.emit('SIGUSR1', 'SIGUSR1');
  await Promise.allSettled(exits.splice(0));
  await boss.stop();
  await fsp.rm(root, { recursive: true, force: true });
});

// A runtime step that always fails, standing in for a vnode that does not start.
const failingStep: StepType<{ why: string }, void> = {
  name: 'test.fails',
  async apply(p) {
    throw new Error(p.why);
  },
  async revert() {
    return undefined;
  },
};

type Failure = 'none' | 'prepare-host' | 'boot-step';

function start(failure: Failure) {
  const deps = createTestDeps();
  const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
  const base = processBackend.create({ stopGraceMs: 2_000 });
  const backend: VirtualizationBackend = {
    ...base,
    stepTypes: [...base.stepTypes, failingStep],
    async boot(vnode, steps) {
      if (failure === 'boot-step') await steps.run(failingStep, { why: 'startTimeoutMs: 1' }, { phase: 'runtime' });
      return base.boot(vnode, steps);
    },
  };
  const signals = new EventEmitter();
  signalSources.push(signals);
  const exit = runManager(composeManager({
    vnodeId: ID,
    backend,
    host,
    boss: { name: 'boss.example.emulab.net', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
    signals,
    prepareHost: async () => {
      if (failure === 'prepare-host') throw new Error('host preparation failed');
    },
    stopTimeoutMs: 3_000,
    proxyCheckEveryMs: 50,
    proxyRestartDelayMs: 10,
  }));
  exits.push(exit);
  return { exit, signals, paths: vnodePaths(host.paths, ID) };
}

describe('a failed boot after a halt', () => {
  it.each<[Failure]>([['prepare-host'], ['boot-step']])('keeps the halted disk when the boot fails at %s', async (failure) => {
    const first = start('none');
    await boss.waitForState(ID, 'ISUP', 15_000);
    const results = path.join(first.paths.rootDir, 'results.txt');
    await fsp.writeFile(results, 'precious\n');
    first.signals.emit('SIGTERM', 'SIGTERM');
    await expect(first.exit).resolves.toBe(0);

    const second = start(failure);
    await expect(second.exit).resolves.toBe(1);
    expect(await fsp.readFile(results, 'utf8')).toBe('precious\n');
    // Listed as failed until the next boot or -k.
    expect(await fsp.readFile(second.paths.failedMarker, 'utf8')).toMatch(/failed|startTimeoutMs/);
    // The persistent steps of the first boot are still journaled, so -k can remove them.
    const { records } = await readJournal(fsp, second.paths.journal);
    expect(records.filter((r) => r.phase === 'persistent' && r.status === 'done').length).toBeGreaterThan(0);
    expect(records.filter((r) => r.phase === 'runtime')).toEqual([]);
  }, 40_000);

  it('a failed first boot still leaves nothing', async () => {
    const m = start('boot-step');
    await expect(m.exit).resolves.toBe(1);
    await expect(fsp.lstat(m.paths.configDir)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 40_000);
});
