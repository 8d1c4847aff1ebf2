// `npm run vm -w @tbvnode/tools`: the Linux backend's root suites in a VM booted
// from a stock Debian kernel with only cgroup v2, under qemu's software emulation.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import pino from 'pino';
import { createExecaRunner } from '@tbvnode/core';
import { parseArgvOrStatus } from '../parse-argv.js';
import { countsLine, runStatus } from './results.js';
import { runInVm } from './run-vm.js';
import { pickSuite, SUITES } from './suites.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function main(argv: readonly string[]): Promise<number> {
  const cmd = new Command('vm')
    .description('Boot a stock Debian kernel (linux-image-amd64) under qemu-system-x86_64 (TCG), only cgroup2 mounted, '
      + "the host's root shared read-only over 9p with a tmpfs overlay, no network device; run a suite of the Linux backend's root tests there")
    .argument('[tests...]', 'vitest filters (files/dirs of the suite\'s package) instead of the suite\'s own')
    .option('-s, --suite <name>', `${Object.entries(SUITES).map(([k, s]) => `${k}: ${s.about}`).join('; ')}`, 'full')
    .option('--memory <mb>', 'guest memory', '3072')
    .option('--cpus <n>', 'guest vCPUs', '2')
    .option('--deadline <minutes>', 'kill the VM after this long', '40')
    .option('--test-timeout <seconds>', 'per test and hook inside the guest', '900')
    .option('--time-scale <n>', "multiplies the tests' own deadlines (vnode start, vrunning): emulation is slow", '20')
    .option('--package-dir <dir>', "run the suite's tests from this copy of its package instead (e.g. an older checkout, to see a test fail there)")
    .option('--no-build', 'skip building the suite\'s package (and its deps) on the host first')
    .option('--cache <dir>', 'kernel and initramfs cache', path.join(REPO_ROOT, '.cache/vm'));
  const status = parseArgvOrStatus(cmd, argv);
  if (status !== null) return status;
  const o = cmd.opts<{ suite: string; memory: string; cpus: string; deadline: string; testTimeout: string; timeScale: string; packageDir?: string; build: boolean; cache: string }>();
  const picked = pickSuite(o.suite, cmd.args);
  const suite = o.packageDir ? { ...picked, packageDir: path.relative(REPO_ROOT, path.resolve(o.packageDir)) } : picked;
  const say = (line: string): void => console.log(`vm: ${line}`);
  const runner = createExecaRunner({ log: pino({ level: 'silent' }), env: process.env });
  if (o.build) {
    say(`building ${suite.packageName} on the host`);
    await runner.run([path.join(REPO_ROOT, 'node_modules/.bin/nx'), 'run-many', '-t', 'build', '-p', suite.packageName, '--outputStyle=static'], {
      cwd: REPO_ROOT, env: { NX_DAEMON: 'false' }, timeoutMs: 900_000,
    });
  }
  const report = await runInVm({ runner, say }, {
    repoRoot: REPO_ROOT, cacheDir: path.resolve(o.cache), suite,
    memoryMb: Number(o.memory), cpus: Number(o.cpus),
    deadlineMs: Number(o.deadline) * 60_000, testTimeoutMs: Number(o.testTimeout) * 1000, nodePath: process.execPath,
    timeScale: Number(o.timeScale),
  });
  console.log('');
  console.log(`vm: kernel:             ${report.kernel ?? '(the guest never reported)'}`);
  console.log(`vm: cgroup.controllers: ${report.controllers ?? '(the guest never reported)'}`);
  console.log(`vm: tests:              ${report.counts ? `${report.counts.total} in ${report.counts.files} files` : '(no vitest report)'}`);
  for (const f of report.counts?.failures ?? []) console.log(`vm:   FAILED ${f}`);
  console.log(`vm: wall time:          ${(report.wallMs / 1000).toFixed(0)} s (tests ${report.testSeconds ?? '?'} s)${report.timedOut ? ' — DEADLINE PASSED' : ''}`);
  if (report.counts) console.log(`vm: ${countsLine(report.counts)}`);
  return runStatus(report.rc, report.counts);
}
