// The `process` backend: Emulab's fake vnode (vnodesetup -i). The vnode is its
// rc run as a plain process, without isolation; every host change is still a
// journaled step, so it exercises the whole manager on any machine.
import path from 'node:path';
import { runningVnode } from '../backend/running-vnode.js';
import type {
  HostContext,
  ProbeCheck,
  RunningVnode,
  VirtualizationBackend,
  VnodeContext,
  VnodeRef,
} from '../backend/types.js';
import type { CoreDeps } from '../deps.js';
import { readJournal } from '../journal/journal-file.js';
import { isInPlace } from '../journal/plan-undo.js';
import { mkdirStep } from '../steps/builtin/mkdir.js';
import { isSameProcess, startProcessStep, type StartProcessResult } from '../steps/builtin/start-process.js';
import { writeFileStep } from '../steps/builtin/write-file.js';
import type { StepRunner } from '../steps/types.js';
import { RC_SCRIPT } from './rc-script.js';

export interface ProcessBackendOptions {
  // The `tmcc` command the rc runs (a node script).
  readonly tmccBin: string;
  // The node binary that runs it.
  readonly nodePath: string;
  // host[:port] for the vnode's etc/emulab/bossnode; tmcc needs a boss name even
  // when it talks to the proxy.
  readonly bossName?: string;
  // Grace between the stop signal and SIGKILL when a recovery stops the vnode from
  // its journal (a live stop brings the manager's own budget).
  readonly stopGraceMs?: number;
}

const FAKEJAIL = 'fakejail';
const RC_NAME = 'rc.tbvnode';
const SOCKET_INSIDE = '/tmcc';
const STOP_SIGNAL = 'SIGHUP';

function files(vnode: Pick<VnodeContext, 'paths'>) {
  const root = vnode.paths.rootDir;
  return {
    root,
    rc: path.join(root, RC_NAME),
    bootDir: path.join(root, 'var/emulab/boot'),
    etcDir: path.join(root, 'etc/emulab'),
    bossnode: path.join(root, 'etc/emulab/bossnode'),
    proxypath: path.join(root, 'var/emulab/boot/proxypath'),
    fakejail: path.join(vnode.paths.configDir, FAKEJAIL),
    console: vnode.paths.consoleLog,
  };
}

export function createProcessBackend(o: ProcessBackendOptions): VirtualizationBackend {
  return {
    name: 'process',
    // Only core's built-in steps, which every registry knows (createStepRegistry).
    stepTypes: [],

    async probe(host: HostContext) {
      const checks: ProbeCheck[] = [
        await canRun(host.deps, '/bin/sh', 'a POSIX shell at /bin/sh runs the vnode rc'),
        await canRun(host.deps, o.nodePath, 'node runs tmcc inside the vnode'),
        await canRun(host.deps, o.tmccBin, 'the tmcc command of @tbvnode/tmcc (install it)'),
      ];
      return { backend: 'process', usable: checks.every((c) => c.ok), checks };
    },

    async prepareHost(host: HostContext) {
      host.log.debug('process backend: nothing to prepare on the host');
    },

    async create(vnode: VnodeContext, steps: StepRunner) {
      const f = files(vnode);
      const persistent = { phase: 'persistent' as const };
      await steps.run(mkdirStep, { path: f.root, mode: 0o755, removeContents: true }, persistent);
      await steps.run(mkdirStep, { path: vnode.paths.logsDir, mode: 0o755, removeContents: true }, persistent);
      await steps.run(mkdirStep, { path: f.bootDir, mode: 0o755 }, persistent);
      await steps.run(mkdirStep, { path: f.etcDir, mode: 0o755 }, persistent);
      await steps.run(writeFileStep, { path: f.fakejail, content: '' }, persistent);
      await steps.run(writeFileStep, { path: f.rc, content: RC_SCRIPT, mode: 0o755 }, persistent);
      if (o.bossName !== undefined) {
        await steps.run(writeFileStep, { path: f.bossnode, content: `${o.bossName}\n` }, persistent);
      }
    },

    async configureNetwork(vnode: VnodeContext) {
      vnode.log.debug('process backend: the vnode shares the host network');
    },

    async boot(vnode: VnodeContext, steps: StepRunner): Promise<RunningVnode> {
      const f = files(vnode);
      const runtime = { phase: 'runtime' as const };
      await steps.run(writeFileStep, { path: f.proxypath, content: `${SOCKET_INSIDE}\n` }, runtime);
      const start = await steps.runLive(
        startProcessStep,
        {
          argv: ['/bin/sh', f.rc],
          // The rc's path is under this vnode's root: no other process has this argv.
          uniqueArgv: true,
          cwd: f.root,
          env: {
            TBVNODE_ROOT: f.root,
            TBVNODE_TMCC: o.tmccBin,
            TBVNODE_NODE: o.nodePath,
            TBVNODE_RUNNING: vnode.paths.runningMarker,
            TBVNODE_VNODE_ID: vnode.id,
          },
          // The file itself becomes the rc's stdout/stderr (appended), so the
          // console log keeps filling after a manager crash.
          stdout: { file: f.console },
          stderr: { file: f.console },
          // HUP, not USR1: the rc traps both, but a node child (tmcc) would take
          // USR1 as "start the inspector" instead of dying.
          stopSignal: STOP_SIGNAL,
          killAfterMs: o.stopGraceMs ?? 5_000,
        },
        runtime,
      );
      // stop(): the step's revert, HUP to the rc's group, SIGKILL after the budget.
      return runningVnode(start, { pid: start.live.pid, reportsIsup: true });
    },

    async state(vnode: VnodeRef) {
      const f = files(vnode);
      if (!(await present(vnode.deps, f.root))) return 'absent';
      const { records } = await readJournal(vnode.deps.fs, vnode.paths.journal);
      for (const r of records) {
        if (r.step !== startProcessStep.name || !isInPlace(r) || r.result === undefined) continue;
        if (await isSameProcess(vnode.deps, r.result as StartProcessResult)) return 'running';
      }
      return 'stopped';
    },

    proxyEndpoint(vnode: VnodeContext) {
      return { hostPath: path.join(vnode.paths.rootDir, SOCKET_INSIDE), insidePath: SOCKET_INSIDE };
    },

    // No isolation to enter: the command runs on the host, in the vnode's root dir.
    enterArgv: (vnode, _initPid, argv) => ({ argv, cwd: vnode.paths.rootDir }),
  };
}

async function canRun(deps: HostContext['deps'], file: string, why: string): Promise<ProbeCheck> {
  try {
    await deps.fs.access(file);
    return { name: file, ok: true };
  } catch (err) {
    return { name: file, ok: false, detail: `${why}: ${(err as Error).message}` };
  }
}

async function present(deps: CoreDeps, p: string): Promise<boolean> {
  try {
    await deps.fs.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

