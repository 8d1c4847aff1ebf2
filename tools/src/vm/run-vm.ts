// One VM run: packages, kernel, initramfs, a scratch share with stage 2 and the
// vitest config, qemu under a deadline, then the results read back and the
// scratch removed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureInitramfs } from './initramfs.js';
import { ensureKernel } from './kernel.js';
import { ensurePackages, type VmDeps } from './host-packages.js';
import { GUEST_SCRATCH, renderStage2, renderVitestConfig } from './guest-scripts.js';
import { qemuArgv } from './qemu-argv.js';
import { parseVitestJson, type TestCounts } from './results.js';
import type { Suite } from './suites.js';
import { ifExists } from '@tbvnode/core';

export interface VmRunOptions {
  readonly repoRoot: string;
  readonly cacheDir: string;
  readonly suite: Suite;
  readonly memoryMb: number;
  readonly cpus: number;
  /** Deadline for the whole VM, boot to power-off. */
  readonly deadlineMs: number;
  /** Per test and per hook, inside the guest. */
  readonly testTimeoutMs: number;
  readonly nodePath: string;
  /** Multiplies the tests' own deadlines (TBVNODE_TEST_TIME_SCALE). */
  readonly timeScale: number;
}

export interface VmReport {
  readonly kernel: string | null;
  readonly controllers: string | null;
  /** The test command's exit status; null if the guest never wrote one. */
  readonly rc: number | null;
  readonly counts: TestCounts | null;
  readonly testSeconds: number | null;
  readonly wallMs: number;
  readonly timedOut: boolean;
}

async function readOrNull(file: string): Promise<string | null> {
  return (await ifExists(readFile(file, 'utf8'), null))?.trim() ?? null;
}

export async function runInVm(deps: VmDeps, o: VmRunOptions): Promise<VmReport> {
  const started = Date.now();
  await ensurePackages(deps);
  const kernel = await ensureKernel(deps, o.cacheDir);
  const initrd = await ensureInitramfs(deps, o.cacheDir, kernel);
  const packageDir = path.join(o.repoRoot, o.suite.packageDir);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'tbvm-scratch-'));
  try {
    await writeFile(path.join(scratch, 'vitest.config.mjs'), renderVitestConfig({ packageDir, timeoutMs: o.testTimeoutMs }));
    const command: [string, ...string[]] = [
      o.nodePath, path.join(o.repoRoot, 'node_modules/vitest/vitest.mjs'), 'run',
      '--config', `${GUEST_SCRATCH}/vitest.config.mjs`, ...o.suite.tests,
      ...(o.suite.exclude ?? []).flatMap((g) => ['--exclude', g]),
      '--reporter=default', '--reporter=json', `--outputFile.json=${GUEST_SCRATCH}/vitest.json`,
    ];
    await writeFile(path.join(scratch, 'stage2.sh'), renderStage2({ modulesDir: kernel.modulesDir, kernelVersion: kernel.version, workDir: packageDir, repoRoot: o.repoRoot, command, env: { TBVNODE_TEST_TIME_SCALE: String(o.timeScale) } }));
    const argv = qemuArgv({ kernel: kernel.vmlinuz, initrd, scratchDir: scratch, memoryMb: o.memoryMb, cpus: o.cpus });
    deps.say(`booting ${kernel.version} under qemu (TCG, ${o.cpus} vCPUs, ${o.memoryMb} MB), suite: ${o.suite.tests.join(' ') || 'all'}`);
    const qemu = await deps.runner.start(argv, { stdout: 'inherit', stderr: 'inherit' });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), o.deadlineMs);
    });
    const outcome = await Promise.race([qemu.exited, deadline]);
    clearTimeout(timer);
    const timedOut = outcome === 'deadline';
    if (timedOut) {
      deps.say(`the VM passed its ${Math.round(o.deadlineMs / 1000)} s deadline: killing qemu (pid ${qemu.pid})`);
      qemu.kill('SIGKILL');
      await qemu.exited;
    }
    const json = await readOrNull(path.join(scratch, 'vitest.json'));
    const rc = await readOrNull(path.join(scratch, 'rc'));
    const secs = await readOrNull(path.join(scratch, 'test-seconds'));
    return {
      kernel: await readOrNull(path.join(scratch, 'kernel')),
      controllers: await readOrNull(path.join(scratch, 'controllers')),
      rc: rc === null ? null : Number(rc),
      counts: json === null ? null : parseVitestJson(json),
      testSeconds: secs === null ? null : Number(secs),
      wallMs: Date.now() - started,
      timedOut,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
