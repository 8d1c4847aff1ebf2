// A tiny backend built only from core's generic steps, to exercise the conformance
// suite itself: a "root" dir and file (persistent), an allocated interface number
// and a symlink (runtime), and a real `sleep` as init (runtime).
import path from 'node:path';
import type { VirtualizationBackend, VnodeRef } from '../../src/backend/types.js';
import { builtinStepTypes } from '../../src/steps/builtin/index.js';
import { mkdirStep } from '../../src/steps/builtin/mkdir.js';
import { writeFileStep } from '../../src/steps/builtin/write-file.js';
import { symlinkStep } from '../../src/steps/builtin/symlink.js';
import { startProcessStep } from '../../src/steps/builtin/start-process.js';
import { runningVnode } from '../../src/backend/running-vnode.js';
import { allocateStep } from '../../src/locks/allocator.js';
import { readJournal } from '../../src/journal/journal-file.js';
import type { StepType } from '../../src/steps/types.js';

export function createFilesBackend(o: { leakyStep?: boolean; relistBuiltins?: boolean } = {}): VirtualizationBackend {
  // A step whose revert forgets to undo: the suite must catch it.
  const leaky: StepType<{ file: string }, void> = {
    name: 'test.leaky',
    apply: async (p, env) => env.deps.fs.writeFile(p.file, 'leak'),
    revert: async () => undefined,
  };
  const runningPid = async (v: VnodeRef): Promise<number | null> => {
    const { records } = await readJournal(v.deps.fs, v.paths.journal);
    const rec = records.find((r) => r.step === startProcessStep.name && r.status === 'done');
    const res = rec?.result as { pid: number; startToken: string | null } | undefined;
    if (!res) return null;
    return (await v.deps.proc.startToken(res.pid)) === res.startToken ? res.pid : null;
  };
  return {
    name: 'files',
    // Core's built-ins need no listing (every registry has them); o.relistBuiltins
    // checks that a backend which does list them still works.
    stepTypes: o.relistBuiltins ? [...builtinStepTypes, leaky] : [leaky],
    probe: async () => ({ backend: 'files', usable: true, checks: [{ name: 'sleep', ok: true }] }),
    prepareHost: async () => undefined,
    async create(v, steps) {
      await steps.run(mkdirStep, { path: path.join(v.paths.rootDir, 'etc') }, { phase: 'persistent' });
      await steps.run(writeFileStep, { path: path.join(v.paths.rootDir, 'etc/hostname'), content: `${v.id}\n` }, { phase: 'persistent' });
    },
    async configureNetwork(v, steps) {
      await steps.run(allocateStep, { dir: v.host.paths.allocDir, spec: { name: 'ifnum', min: 0, max: 99 }, owner: v.id, key: 'cnet' }, { phase: 'runtime' });
      await steps.run(symlinkStep, { target: 'etc/hostname', path: path.join(v.paths.rootDir, 'hostname') }, { phase: 'runtime' });
      if (o.leakyStep) await steps.run(leaky, { file: path.join(v.host.paths.root, 'leaked') }, { phase: 'runtime' });
    },
    async boot(v, steps) {
      const start = await steps.runLive(startProcessStep, { argv: ['sleep', '300'], cwd: v.paths.rootDir }, { phase: 'runtime' });
      return runningVnode(start, { pid: start.result.pid, reportsIsup: false });
    },
    async state(v) {
      if ((await runningPid(v)) !== null) return 'running';
      return (await v.deps.fs.stat(v.paths.configDir).then(() => true, () => false)) ? 'stopped' : 'absent';
    },
    proxyEndpoint: (v) => ({ hostPath: path.join(v.paths.rootDir, 'tmcc.sock'), insidePath: '/tmcc.sock' }),
  };
}
