// `bootvnodes [-d] [-f] [-k|-h|-r|-b|-c]`: Emulab's host-wide command. Without
// an action it asks boss for the vnode list, prepares the host once and boots
// each vnode; an action applies to every vnode present in the jails dir; -c
// reconfigures (reboot those in both lists, kill the gone, boot the new).
// It backgrounds itself unless -f, so a host boot never hangs on boss.
import {
  bootVnode,
  DEFAULT_MAX_VNODES,
  listPresentVnodes,
  rebootVnode,
  runBootvnodes,
  stopVnode,
  validateVnodeId,
  vnodePaths,
  type BossEndpoint,
  type PlannedAction,
  type VnodeEntry,
} from '@tbvnode/core';
import pino from 'pino';
import { EXIT } from '../errors/exit-status.js';
import { lastError } from '../logs/log-lines.js';
import { readTail } from '../logs/read-tail.js';
import { buildSummary, outcomeLine, summaryFile, writeSummary, type VnodeOutcome } from '../runtime/boot-summary.js';
import { toBootvnodesRequest, type BootvnodesCliRequest, type BootvnodesFlags } from '../options/bootvnodes-options.js';
import { resolveBossEndpoint } from '../runtime/boss.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime, type HostRuntime } from '../runtime/host-runtime.js';
import { fetchVnodeList } from '../runtime/host-vnodelist.js';
import { createCliLogger } from '../runtime/logger.js';
import { createVnodeRuntime, type VnodeKind, type VnodeRuntime } from '../runtime/vnode-runtime.js';
import { resolveSettings } from '../settings/settings.js';
import { baseProgram, guard, parseArgs } from './common.js';

const HELP_AFTER = `
Without -f, bootvnodes re-runs itself in the background (log:
var/emulab/logs/bootvnodes.debug under --root) and exits 0 at once; that
background run exits 1 when any vnode failed.
In the foreground it exits 0 when every vnode action succeeded, else 1.
Each run prints one line per vnode as it finishes (a failure with its reason
and the manager log's path) and writes var/emulab/logs/bootvnodes.summary.json,
which \`tbvnode status\` shows.`;

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = baseProgram('bootvnodes', deps)
    .description('boot, halt, reboot, kill or reconfigure every vnode of this host (Emulab bootvnodes)')
    .helpOption('--help', 'show this help')
    .usage('[-d] [-f] [-k|-h|-r|-b|-c]')
    .option('-d', 'debug logging')
    .option('-f', 'stay in the foreground')
    .option('-k', 'kill every vnode present')
    .option('-h', 'halt every vnode present (keep their disks)')
    .option('-r', 'reboot every vnode present')
    .option('-b', 'boot every vnode present')
    .option('-c', "reconfigure against boss's vnode list")
    .option('--concurrency <n>', 'vnodes booted at once (default 1, as Emulab)')
    .option('--max-vnodes <n>', `vnodes this host runs at most; boss's extra ones are refused (default ${DEFAULT_MAX_VNODES}, or TBVNODE_MAX_VNODES)`)
    .option('--wait <seconds>', 'per-vnode wait for the vnode to run (default 60)')
    .option('--stop-wait <seconds>', 'per-vnode wait for a manager to exit (default 30)')
    .option('--log-file <file>', 'append all output to this file (the background run uses it)')
    .option('--dry-run', 'print what would be done to each vnode (boot, reboot, halt, kill), do nothing')
    .addHelpText('after', HELP_AFTER);
  program.action(() => undefined);
  const early = parseArgs(program, argv);
  if (early !== undefined) return early;
  return guard('bootvnodes', deps, async () => {
    const request = toBootvnodesRequest(program.opts<BootvnodesFlags>(), program.args, deps.env);
    return run(request, argv, deps);
  });
}

async function run(req: BootvnodesCliRequest, argv: readonly string[], cli: CliDeps): Promise<number> {
  const deps = req.logFile === undefined ? cli : withOutputTo(cli, req.logFile);
  const settings = resolveSettings({ flags: { root: req.root, backend: req.backend }, env: deps.env, platform: deps.platform });
  const log = createCliLogger(deps.stderr, req.debug, deps.stderrIsTTY === true);
  const rt = createHostRuntime(settings.root, log, deps);
  if (!req.foreground) return background(rt, argv, deps);
  if (req.dryRun) return dryRun(req, rt, deps);
  const runtimes = new Map<VnodeKind, Promise<VnodeRuntime>>();
  let boss: Promise<BossEndpoint> | undefined;
  const getBoss = () => (boss ??= resolveBossEndpoint({ root: rt.paths.root, env: deps.env }));
  const stopping = req.action === 'halt' || req.action === 'kill';
  const runtimeFor = (jailed: boolean): Promise<VnodeRuntime> => {
    const kind: VnodeKind = jailed ? 'jail' : 'fake';
    let r = runtimes.get(kind);
    if (!r) {
      r = (async () =>
        createVnodeRuntime({
          rt, kind, backend: settings.backend, debug: req.debug, cli: deps,
          timing: { bootWaitMs: req.bootWaitMs, stopWaitMs: req.stopWaitMs },
          boss: stopping ? undefined : await getBoss(),
          bossOptional: stopping,
        }))();
      runtimes.set(kind, r);
    }
    return r;
  };
  const startedAt = Date.now();
  const outcomes: VnodeOutcome[] = [];
  const result = await runBootvnodes(
    { action: req.action, reconfig: req.reconfig, concurrency: req.concurrency, ...(req.maxVnodes !== undefined ? { maxVnodes: req.maxVnodes } : {}) },
    {
      log,
      listPresent: () => listPresentVnodes(rt.paths, rt.deps),
      fetchWanted: async () => fetchVnodeList(rt.paths.root, await getBoss(), log),
      prepareHost: (entries) => prepareHosts(entries, runtimeFor),
      act: async (p) => {
        const t0 = Date.now();
        // On a terminal, a line when each vnode starts too (a boot can take a minute).
        if (deps.stdoutIsTTY === true) deps.stdout.write(`${p.action} ${p.vnodeId}: started\n`);
        const status = await act(p, await runtimeFor(p.jailed)).catch(async (err: unknown) => {
          log.error({ vnodeId: p.vnodeId, action: p.action, err }, 'vnode action failed');
          return 1;
        });
        const o = await outcome(rt, p, status, t0);
        outcomes.push(o);
        deps.stdout.write(`${outcomeLine(o)}\n`);
        return status;
      },
    },
  );
  for (const r of result.refused) {
    deps.stdout.write(`boot ${r.vnodeId}: refused (this host runs at most ${result.maxVnodes} vnodes; --max-vnodes or TBVNODE_MAX_VNODES)\n`);
  }
  const summary = buildSummary(startedAt, Date.now(), result.exitCode, outcomes);
  await writeSummary(rt.deps.fs, rt.paths, summary);
  if (summary.failed > 0) deps.stdout.write(`bootvnodes: ${summary.failed} of ${outcomes.length} failed (summary: ${summaryFile(rt.paths)})\n`);
  return result.exitCode;
}

// The plan, from the same decisions as a real run, with actions that only print.
async function dryRun(req: BootvnodesCliRequest, rt: HostRuntime, deps: CliDeps): Promise<number> {
  let boss: Promise<BossEndpoint> | undefined;
  const say = (s: string) => void deps.stdout.write(`${s}\n`);
  await runBootvnodes(
    { action: req.action, reconfig: req.reconfig, concurrency: 1 },
    {
      log: rt.log,
      listPresent: () => listPresentVnodes(rt.paths, rt.deps),
      fetchWanted: async () => fetchVnodeList(rt.paths.root, await (boss ??= resolveBossEndpoint({ root: rt.paths.root, env: deps.env })), rt.log),
      prepareHost: async () => say('would prepare the host (unless already prepared this boot)'),
      act: async (p) => {
        say(`would ${p.action} ${p.vnodeId}`);
        return EXIT.OK;
      },
    },
  );
  return EXIT.OK;
}

// A failure's reason is the manager log's last error since this action began.
async function outcome(rt: HostRuntime, p: PlannedAction, status: number, t0: number): Promise<VnodeOutcome> {
  const log = vnodePaths(rt.paths, p.vnodeId).managerLog;
  const base = { vnodeId: p.vnodeId, action: p.action, status, elapsedMs: Date.now() - t0, log };
  if (status === 0) return base;
  const err = lastError((await readTail(log)) ?? '', t0);
  return err ? { ...base, reason: err.reason } : base;
}

async function act(p: PlannedAction, vr: VnodeRuntime): Promise<number> {
  const id = validateVnodeId(p.vnodeId);
  switch (p.action) {
    case 'boot':
      // A vnode whose manager is alive is left alone: never booted twice.
      return (await bootVnode(vr.ctx, id, { ifRunning: 'skip' })).status;
    case 'reboot':
      return (await rebootVnode(vr.ctx, id)).status;
    case 'halt':
    case 'kill':
      await stopVnode(vr.ctx, id, p.action);
      return EXIT.OK;
  }
}

// Each backend that will boot something prepares the host once.
async function prepareHosts(entries: readonly VnodeEntry[], runtimeFor: (jailed: boolean) => Promise<VnodeRuntime>): Promise<void> {
  for (const jailed of new Set(entries.map((e) => e.jailed))) await (await runtimeFor(jailed)).host.prepare();
}

function withOutputTo(cli: CliDeps, file: string): CliDeps {
  const out = pino.destination({ dest: file, sync: true, append: true, mkdir: true });
  return { ...cli, stdout: out, stderr: out };
}

// Emulab's TBBackGround: re-run ourselves with -f, detached, output to the log.
async function background(rt: HostRuntime, argv: readonly string[], deps: CliDeps): Promise<number> {
  await rt.deps.fs.mkdir(rt.paths.logsDir, { recursive: true });
  const logFile = `${rt.paths.logsDir}/bootvnodes.debug`;
  const [node, ...rest] = deps.self.bootvnodes;
  // --log-file for its own output; stdio to the same file for anything else (a crash).
  const child = await rt.deps.runner.start([node, ...rest, '-f', '--log-file', logFile, ...argv], {
    detached: true,
    stdout: { file: logFile },
    stderr: { file: logFile },
  });
  child.unref();
  deps.stdout.write(`bootvnodes: continuing in the background (pid ${child.pid}, log ${logFile})\n`);
  return EXIT.OK;
}
