import * as fsp from 'node:fs/promises';
import { loadExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualizationBackend } from '../../src/backend/types.js';
import type { CoreFs } from '../../src/deps.js';
import { openHost, type OpenHostOptions } from '../../src/host/open-host.js';
import { bossForVnode } from '../../src/manager/compose.js';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { createFilesBackend } from '../helpers/files-backend.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const ID = validateVnodeId('pcvm1-1');
const BOSS = { name: 'boss.example.org', target: { kind: 'tcp' as const, host: '127.0.0.1', ports: [7777] } };
let boss: BossSimulator | undefined;

afterEach(async () => {
  await boss?.stop();
  boss = undefined;
});

// A backend that counts how often its step types are read (building a registry
// reads them) and how often it prepares the host; prepareHost waits for `gate`.
function countingBackend(gate: Promise<void> = Promise.resolve()) {
  const base = createFilesBackend();
  const counts = { stepTypesRead: 0, prepared: 0 };
  const backend: VirtualizationBackend = {
    ...base,
    get stepTypes() {
      counts.stepTypesRead += 1;
      return base.stepTypes;
    },
    async prepareHost() {
      counts.prepared += 1;
      await gate;
    },
  };
  return { backend, counts };
}

// Counts opens of one file (the host lock is taken by creating it O_EXCL).
function countingOpens(fs: CoreFs, file: string): { fs: CoreFs; opens: () => number } {
  let n = 0;
  const open = ((p: Parameters<CoreFs['open']>[0], ...rest: unknown[]) => {
    if (p === file) n += 1;
    return (fs.open as (...a: unknown[]) => ReturnType<CoreFs['open']>)(p, ...rest);
  }) as CoreFs['open'];
  return { fs: { ...fs, open }, opens: () => n };
}

async function host(extra: Partial<OpenHostOptions> & { backend: VirtualizationBackend }) {
  const deps = createTestDeps();
  return openHost({ root: await tmp(), deps, boss: BOSS, bootId: async () => 'boot-1', ...extra });
}

describe('openHost', () => {
  it('builds the step registry once, and every part uses that one', async () => {
    const { backend, counts } = countingBackend();
    const h = await host({ backend });
    await h.prepare();
    expect(await h.recover(ID, 'kill')).toBe(false); // no config dir: nothing to undo
    const parts = h.manager(ID);
    h.vnodesetup();
    expect(counts.stepTypesRead).toBe(1);
    expect(parts.registry).toBe(h.registry);
    // The manager's and the backend's step types are in it: it can undo any journal.
    expect(h.registry.has('core.mkdir')).toBe(true);
    expect(h.registry.has('test.leaky')).toBe(true);
    expect(h.registry.names.some((n) => n.startsWith('manager.'))).toBe(true);
  });

  it('takes boss from one place: the manager\'s tmcc, its VnodeConfig.boss and the reporter all come from openHost\'s boss', async () => {
    const { backend } = countingBackend();
    const h = await host({ backend, options: { memoryMb: 1 } });
    const parts = h.manager(ID);
    expect(parts.boss).toEqual(bossForVnode(BOSS));
    expect(parts.boss).toEqual({ name: 'boss.example.org', address: '127.0.0.1', ports: [7777] });
    // One tmcc client per vnode, shared by the manager and state reports.
    expect(parts.tmcc).toBe(h.vnodeTmcc(ID));
    // Boss is not smuggled to the backend as an option.
    expect(h.context.options).toEqual({ memoryMb: 1 });
    expect(Object.keys(parts)).not.toContain('bossName');
  });

  it('without boss, reports nothing (halt/kill still work) and refuses to compose a manager', async () => {
    const { backend } = countingBackend();
    const h = await host({ backend, boss: undefined });
    expect(await h.reportState(ID, 'SHUTDOWN')).toBe(false);
    expect(() => h.manager(ID)).toThrow(/needs boss/);
  });

  it('reports a state to boss as the vnode', async () => {
    boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
    const { backend } = countingBackend();
    const h = await host({ backend, boss: { name: 'boss', target: { kind: 'tcp', host: boss.host, ports: [boss.port] } } });
    expect(await h.reportState(ID, 'SHUTDOWN')).toBe(true);
    expect(boss.states(ID).map((s) => s.state)).toEqual(['SHUTDOWN']);
  });

  it('prepares once when many ask at the same time, and checks again on a later call', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { backend, counts } = countingBackend(gate);
    const root = await tmp();
    const deps = createTestDeps();
    const { fs, opens } = countingOpens(deps.fs, hostPaths(root).hostLock);
    let boot = 'boot-1';
    const h = openHost({ root, backend, boss: BOSS, deps: { ...deps, fs }, bootId: async () => boot });
    const all = Promise.all([h.prepare(), h.prepare(), h.prepare(), h.prepare()]);
    open();
    await all;
    expect(counts.prepared).toBe(1);
    // One run took the host lock once; four separate runs would each have taken it.
    expect(opens()).toBe(1);
    await h.prepare();
    expect(counts.prepared).toBe(1); // the marker says this boot is prepared
    boot = 'boot-2';
    await h.prepare();
    expect(counts.prepared).toBe(2); // not remembered forever: a new boot prepares again
  });

  it('starts the manager entry it was given, detached, its output in the manager log', async () => {
    const { backend } = countingBackend();
    const h = await host({ backend, managerArgv: (id) => ['/bin/sh', '-c', 'echo "manager for $0"', id] });
    const child = await h.vnodesetup().startManager(ID);
    await child.exited;
    expect(await fsp.readFile(vnodePaths(h.paths, ID).managerLog, 'utf8')).toBe('manager for pcvm1-1\n');
  });

  it('cannot start a manager without being told how', async () => {
    const { backend } = countingBackend();
    const h = await host({ backend });
    await expect(h.vnodesetup().startManager(ID)).rejects.toThrow(/managerArgv/);
  });
});
