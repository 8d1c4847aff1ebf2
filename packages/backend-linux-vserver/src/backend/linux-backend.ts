// mkvserver on a modern kernel: the VirtualizationBackend. It orchestrates; each
// host change is a step in ../steps, each decision a pure function elsewhere.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathExists, runningVnode } from '@tbvnode/core';
import type {
  HostContext, ProxyEndpoint, RunningVnode, StepRunner, VirtualizationBackend, VnodeContext, VnodeRef, VnodeState,
} from '@tbvnode/core';
import { detectCgroup } from '../cgroup/detect.js';
import { controllersFor, hasLimits } from '../cgroup/limits.js';
import { LinuxBackendError } from '../errors.js';
import { linkExists } from '../net/ip.js';
import { probeLinux } from '../probe/probe.js';
import { rootExists } from '../rootfs/build.js';
import { fstabFor, mountTargetsFor, startMounts, sysViewMounts, tmccInside, type MountOp } from '../rootfs/layout.js';
import { INIT_INSIDE, RC_INSIDE } from '../start/start-argv.js';
import { isRunning } from '../start/running.js';
import { whenReady } from '../start/when-ready.js';
import { watchConsoleLog } from '../start/console-cap.js';
import { addressStep } from '../steps/address.js';
import { bootFilesStep } from '../steps/boot-files.js';
import { bridgeStep } from '../steps/bridge.js';
import { cgroupStep } from '../steps/cgroup.js';
import { filterTableStep } from '../steps/filter-table.js';
import { lanPortStep } from '../steps/lan-port.js';
import { moveControlIpStep } from '../steps/move-control-ip.js';
import { portFilterStep } from '../steps/port-filter.js';
import { createRootFsStep } from '../steps/root-fs.js';
import { varTemplateStep } from '../steps/var-template.js';
import { etcTemplateStep } from '../steps/etc-template.js';
import { vethStep } from '../steps/veth.js';
import { vnodeProcessStep } from '../steps/vnode-process.js';
import { planBoot, type BootPlan } from './boot-plan.js';
import { hostEtcOf } from './isolation.js';
import { parseLinuxOptions, type LinuxOptions } from './options.js';
import { BOOT_DIR_IN_ROOT, hostLayout, vnodeLayout } from './vnode-layout.js';
import { bossnodeLine, portFilters, tmccWrapper } from './vnode-plan.js';

/** How often the manager checks the size of a running vnode's console.log. */
const CONSOLE_CHECK_MS = 250;

/** Copied into the vnode's /opt/tbvnode at each boot. */
const INSIDE_PROGRAMS = ['init.sh', 'rc.sh', 'gate.sh', 'seccomp-exec.py'] as const;

/** The package's vnode/ dir (enter.sh, init.sh, rc.sh, ...), from src/ or dist/ alike. */
export const VNODE_FILES_DIR = fileURLToPath(new URL('../../vnode/', import.meta.url));

const runtime = { phase: 'runtime' } as const;

function etcFilesFor(bossnode: string | undefined): Record<string, string> {
  return bossnode ? { 'emulab/bossnode': `${bossnode}\n` } : {};
}

export function createLinuxBackend(options: Parameters<typeof parseLinuxOptions>[0]): VirtualizationBackend {
  const o: LinuxOptions = parseLinuxOptions(options);
  const rootFsStep = createRootFsStep();
  const withTmcc = Boolean(o.tmccBundle && o.nodePath);
  const hostEtc = hostEtcOf(options);
  const layoutOf = (v: Pick<VnodeContext, 'id' | 'paths'>) => vnodeLayout(v, o);
  // Overlay mode only: the host's /var skeleton, shared by every vnode (see var-template.ts).
  const varTemplateOf = (host: HostContext): string | undefined => (o.privateDirs === 'overlay' ? hostLayout(host.paths).varTemplate : undefined);

  // One plan per boot: core gives create, configureNetwork and boot the same
  // context and step runner, and a new context to each life of the vnode. The
  // plan is dropped when boot returns or any phase fails, so a context used
  // again (tests halt and boot one vnode twice) plans anew from the journal.
  const boots = new WeakMap<VnodeContext, { readonly steps: StepRunner; readonly plan: BootPlan }>();
  async function phase<T>(vnode: VnodeContext, steps: StepRunner, last: boolean, fn: (b: BootPlan) => Promise<T>): Promise<T> {
    let b = boots.get(vnode);
    if (b?.steps !== steps) boots.set(vnode, (b = { steps, plan: planBoot(vnode, steps, o) }));
    try {
      const out = await fn(b.plan);
      if (last) boots.delete(vnode);
      return out;
    } catch (err) {
      boots.delete(vnode);
      throw err;
    }
  }

  async function requireTemplates(vnode: VnodeContext): Promise<void> {
    for (const dir of [varTemplateOf(vnode.host), hostLayout(vnode.host.paths).etcTemplate]) {
      if (dir === undefined || (await pathExists(vnode.deps, dir))) continue;
      // Prepared by an older tbvnode in this boot, or the dir was removed: the marker says done.
      throw new LinuxBackendError(
        'LINUX_HOST_NOT_PREPARED',
        `the host's template ${dir} is missing: remove ${vnode.host.paths.hostPreparedMarker} and run bootvnodes again (or reboot) to prepare the host anew`,
      );
    }
  }

  return {
    name: 'linux-vserver',
    stepTypes: [
      varTemplateStep, etcTemplateStep, bridgeStep, addressStep, moveControlIpStep, vethStep, lanPortStep, rootFsStep, bootFilesStep, cgroupStep, vnodeProcessStep,
      filterTableStep, portFilterStep,
    ],

    probe: (host: HostContext) => probeLinux(host.deps, o, VNODE_FILES_DIR, hostLayout(host.paths).etcTemplate),

    async prepareHost(host: HostContext, steps: StepRunner): Promise<void> {
      const emulab = o.bridgeMode === 'emulab';
      const h = hostLayout(host.paths);
      // First, so that undo reaches it last: after cbr0 has refused while vnodes use it.
      const varTemplate = varTemplateOf(host);
      if (varTemplate) await steps.run(varTemplateStep, { dir: varTemplate }, runtime);
      await steps.run(etcTemplateStep, { dir: h.etcTemplate, hostEtc }, runtime);
      // Before cbr0: no vnode port exists without the table, and undo meets cbr0's refusal first.
      if (o.portFilter !== 'off') await steps.run(filterTableStep, { mode: o.portFilter }, runtime);
      await steps.run(bridgeStep, { name: h.controlBridge, ...(emulab ? { ignoreMembers: [o.controlIface as string] } : {}) }, runtime);
      if (emulab) {
        await steps.run(
          moveControlIpStep,
          { iface: o.controlIface as string, bridge: h.controlBridge, cidr: o.controlCidr as string, ...(o.controlGateway ? { gateway: o.controlGateway } : {}) },
          runtime,
        );
      }
      await steps.run(addressStep, { dev: h.controlBridge, cidr: o.hostAlias, label: h.controlAliasLabel }, runtime);
    },

    // What prepareHost made, looked at again before each boot (core prepares anew on drift).
    async verifyHost(host: HostContext): Promise<readonly string[]> {
      const drift: string[] = [];
      const { controlBridge } = hostLayout(host.paths);
      if (!(await linkExists(host.deps.runner, controlBridge))) drift.push(`bridge ${controlBridge} is missing`);
      const varTemplate = varTemplateOf(host);
      if (varTemplate && !(await pathExists(host.deps, varTemplate))) drift.push(`the /var template ${varTemplate} is missing`);
      return drift;
    },

    create: (vnode: VnodeContext, steps: StepRunner) => phase(vnode, steps, false, async ({ layout, ids, root }) => {
      const plan = await root();
      // The /etc copy (copy mode) comes from the template: it must be there first.
      if (o.privateDirs === 'copy') await requireTemplates(vnode);
      await steps.run(
        rootFsStep,
        { rootDir: layout.rootDir, overlayDir: layout.overlayDir, plan, owner: { rootId: (await ids()).base, localEtc: layout.localEtc } },
        { phase: 'persistent' },
      );
    }),

    configureNetwork: (vnode: VnodeContext, steps: StepRunner) => phase(vnode, steps, false, async ({ net }) => {
      const p = await net();
      const { controlBridge } = hostLayout(vnode.host.paths);
      // Filters first: a port is never in a bridge unfiltered, and undo drops them last.
      if (o.portFilter !== 'off') await steps.run(portFilterStep, { filters: portFilters(p), mode: o.portFilter }, runtime);
      await steps.run(vethStep, { host: p.control.host, peer: p.control.vnode, master: controlBridge, peerMac: p.controlMac }, runtime);
      for (const e of p.experiment) {
        await steps.run(
          lanPortStep,
          { bridge: e.bridge, lanKey: e.lanKey, host: e.host, peer: e.vnodeTemp, locksDir: vnode.host.paths.locksDir, peerMac: e.mac },
          runtime,
        );
      }
    }),

    boot: (vnode: VnodeContext, steps: StepRunner) => phase(vnode, steps, true, async ({ layout, ids, root, net, kernelViews }) => {
      const p = await net();
      const plan = await root();
      await requireTemplates(vnode);
      // The vnode's tmcc cache (filled by the manager before boot), bound in
      // read-only rather than copied: no new files per boot.
      const cache: MountOp[] = (await pathExists(vnode.deps, layout.tmccCache.onHost))
        ? [{ op: 'ro', args: [layout.tmccCache.onHost, layout.tmccCache.inside] }]
        : [];
      const { ops, fstabMounts } = startMounts([...plan.mounts, ...cache], layout.fstab);
      const views = await kernelViews();
      await steps.run(
        bootFilesStep,
        {
          rootDir: layout.rootDir,
          bootFiles: p.bootFiles,
          programs: Object.fromEntries(INSIDE_PROGRAMS.map((f) => [f, path.join(VNODE_FILES_DIR, f)])),
          // beneath-ok: boot-files writes below etcDir only through beneath().
          etcDir: layout.etcOnHost,
          etcFiles: etcFilesFor(bossnodeLine(o.bossName, vnode.config.boss)),
          scripts: withTmcc ? { tmcc: tmccWrapper(o.nodePath as string, tmccInside(o.tmccBundle as string)) } : {},
          fstab: { file: layout.fstab, text: fstabFor(layout.rootDir, fstabMounts, views) },
          mountTargets: mountTargetsFor(fstabMounts),
          // enter.sh mounts and links on these before it pivots (still on the host's file system).
          checkDirs: ['.oldroot', 'dev', BOOT_DIR_IN_ROOT, ...plan.mounts.filter((m) => m.op === 'ovkeep').map((m) => `${(m.args[3] ?? '').replace(/^\/+/, "")}/${m.args[4] ?? ''}`)],
        },
        runtime,
      );
      let procsFiles: readonly string[] = [];
      if (hasLimits(o.limits)) {
        const cg = detectCgroup(await vnode.deps.mounts.read(), controllersFor(o.limits));
        if (!cg) throw new LinuxBackendError('LINUX_BAD_OPTION', `cgroup limits set but no cgroup hierarchy with ${controllersFor(o.limits).join(', ')} is mounted`);
        const r = await steps.run(cgroupStep, { version: cg.version, mountRoot: cg.mountRoot, group: layout.cgroup, limits: o.limits }, runtime);
        procsFiles = r.procsFiles;
      }
      const start = await steps.runLive(
        vnodeProcessStep,
        {
          rootDir: layout.rootDir,
          shell: o.shell,
          enterScript: path.join(VNODE_FILES_DIR, 'enter.sh'),
          mounts: ops,
          initArgv: [INIT_INSIDE, RC_INSIDE],
          moves: [{ dev: p.control.vnode }, ...p.experiment.map((e) => ({ dev: e.vnodeTemp, rename: e.inside }))],
          procsFiles,
          ids: await ids(),
          pidFile: layout.pidFile,
          consoleLog: layout.consoleLog,
          startTimeoutMs: o.startTimeoutMs,
          sysMounts: sysViewMounts(views),
        },
        runtime,
      );
      const { result, live } = start;
      watchConsoleLog(vnode.deps, { file: layout.consoleLog, maxBytes: o.consoleLogBytes, intervalMs: CONSOLE_CHECK_MS, until: live.exited }).catch((err: unknown) =>
        vnode.log.warn({ err }, 'console.log cap stopped'),
      );
      // stop(): the vnode-process step's revert (USR1 to init, SIGKILL after the budget).
      if (!withTmcc) return runningVnode(start, { pid: result.initPid as number, reportsIsup: false });
      return runningVnode(start, { pid: result.initPid as number, reportsIsup: true, ready: whenReady(layout.vrunningOnHost, live.exited, vnode.deps) });
    }),

    async state(vnode: VnodeRef): Promise<VnodeState> {
      const { fs, proc } = vnode.deps;
      try {
        const [pid, token] = (await fs.readFile(layoutOf(vnode).pidFile, 'utf8')).trim().split(' ');
        const n = Number(pid);
        if (n > 0 && (await isRunning(vnode.deps, n)) && (!token || (await proc.startToken(n)) === token)) return 'running';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      return (await rootExists(vnode.deps, vnode.paths.rootDir)) ? 'stopped' : 'absent';
    },

    proxyEndpoint(vnode: VnodeContext): ProxyEndpoint {
      // The manager checks the socket's dir with beneath() before the proxy binds; the proxy never unlinks a non-socket.
      const { proxy } = layoutOf(vnode);
      return { hostPath: proxy.onHost, insidePath: proxy.inside };
    },

    // Init's cgroup first (join.sh), so the command is under the vnode's limits;
    // then all of init's namespaces, its user and cgroup namespaces too (as the
    // vnode's root, unprivileged on the host), and its root (after pivot_root).
    enterArgv: (vnode, initPid, argv) => ({
      argv: [
        o.shell, path.join(VNODE_FILES_DIR, 'join.sh'), String(initPid), vnode.id, '--',
        'nsenter', '-t', String(initPid), '--all', '-S', '0', '-G', '0', '-r', '-w', '--', ...argv,
      ],
    }),
  };
}
