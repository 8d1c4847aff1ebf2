// mkvserver on a modern kernel: the VirtualizationBackend. It orchestrates; each
// host change is a step in ../steps, each decision a pure function elsewhere.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bossnodeLine, pathExists } from '@tbvnode/core';
import type {
  HostContext, ProxyEndpoint, RunningVnode, StepRunner, StopOptions, VirtualizationBackend, VnodeContext, VnodeState,
} from '@tbvnode/core';
import { detectCgroup } from '../cgroup/detect.js';
import { controllersFor, hasLimits } from '../cgroup/limits.js';
import { LinuxBackendError } from '../errors.js';
import { linkExists } from '../net/ip.js';
import { CONTROL_BRIDGE } from '../net/names.js';
import { probeLinux } from '../probe/probe.js';
import { rootExists } from '../rootfs/build.js';
import { fstabFor, mountTargetsFor, planRoot, startMounts, sysViewMounts, SYSTEM_DIRS, tmccInside, type HostEntry, type MountOp } from '../rootfs/layout.js';
import { INIT_INSIDE, RC_INSIDE } from '../start/start-argv.js';
import { isRunning } from '../start/running.js';
import { stopVnode } from '../start/stop.js';
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
import { idRangeFor, type IdRange } from '../userns/id-range.js';
import { etcTemplateOf, hasLocalEtc, hostEtcOf, kernelViewsPresent } from './isolation.js';
import { vethStep } from '../steps/veth.js';
import { vnodeProcessStep } from '../steps/vnode-process.js';
import { parseLinuxOptions, type LinuxOptions } from './options.js';
import { vnodeNumberFor } from './vnode-number.js';
import { planVnode, portFilters, PROXY_INSIDE, tmccWrapper } from './vnode-plan.js';

/** How often the manager checks the size of a running vnode's console.log. */
const CONSOLE_CHECK_MS = 250;

/** Where the vnode sees its tmcc cache (tmcc's cache dir for a vnode's own view). */
const TMCC_CACHE_INSIDE = '/var/emulab/boot/tmcc';

/** Copied into the vnode's /opt/tbvnode at each boot. */
const INSIDE_PROGRAMS = ['init.sh', 'rc.sh', 'gate.sh', 'seccomp-exec.py'] as const;

/** The package's vnode/ dir (enter.sh, init.sh, rc.sh, ...), from src/ or dist/ alike. */
export const VNODE_FILES_DIR = fileURLToPath(new URL('../../vnode/', import.meta.url));

async function hostEntries(fs: VnodeContext['deps']['fs']): Promise<Record<string, HostEntry>> {
  const out: Record<string, HostEntry> = {};
  for (const d of SYSTEM_DIRS) {
    try {
      const st = await fs.lstat(`/${d}`);
      out[d] = st.isSymbolicLink() ? { kind: 'symlink', target: await fs.readlink(`/${d}`) } : st.isDirectory() ? { kind: 'dir' } : { kind: 'absent' };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      out[d] = { kind: 'absent' };
    }
  }
  return out;
}

function etcFilesFor(bossnode: string | undefined): Record<string, string> {
  return bossnode ? { 'emulab/bossnode': `${bossnode}\n` } : {};
}

export function createLinuxBackend(options: Parameters<typeof parseLinuxOptions>[0]): VirtualizationBackend {
  const o: LinuxOptions = parseLinuxOptions(options);
  const rootFsStep = createRootFsStep();
  const withTmcc = Boolean(o.tmccBundle && o.nodePath);
  const hostEtc = hostEtcOf(options);

  // Per-vnode paths that need no interface number.
  const overlayDirOf = (v: VnodeContext): string => path.join(v.paths.configDir, 'overlay');
  const pidFileOf = (v: VnodeContext): string => path.join(v.paths.configDir, 'vnode.pid');
  const localEtcOf = (v: VnodeContext): string => path.join(v.paths.configDir, 'local-etc');
  // Overlay mode: the host's /var skeleton, shared by every vnode (see var-template.ts).
  const varTemplateOf = (host: HostContext): string | undefined =>
    o.privateDirs === 'overlay' ? path.join(host.paths.hostStateDir, 'linux-var') : undefined;

  async function rootPlan(vnode: VnodeContext, ids: IdRange) {
    const overlayDir = overlayDirOf(vnode);
    const varTemplate = varTemplateOf(vnode.host);
    return planRoot({
      hostEntries: await hostEntries(vnode.deps.fs),
      mode: o.privateDirs,
      overlayDir,
      etcTemplate: etcTemplateOf(vnode.host),
      localEtc: localEtcOf(vnode),
      hostLocalEtc: await hasLocalEtc(vnode.deps.fs),
      rootId: ids.base,
      ...(varTemplate ? { varTemplate } : {}),
      ...(withTmcc ? { nodeDir: path.dirname(o.nodePath as string), tmccBundle: o.tmccBundle as string } : {}),
    });
  }

  async function requireTemplates(vnode: VnodeContext): Promise<void> {
    for (const dir of [varTemplateOf(vnode.host), etcTemplateOf(vnode.host)]) {
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

    probe: (host: HostContext) => probeLinux(host.deps, o, VNODE_FILES_DIR, etcTemplateOf(host)),

    async prepareHost(host: HostContext, steps: StepRunner): Promise<void> {
      const emulab = o.bridgeMode === 'emulab';
      // First, so that undo reaches it last: after cbr0 has refused while vnodes use it.
      const varTemplate = varTemplateOf(host);
      if (varTemplate) await steps.run(varTemplateStep, { dir: varTemplate }, { phase: 'runtime' });
      await steps.run(etcTemplateStep, { dir: etcTemplateOf(host), hostEtc }, { phase: 'runtime' });
      // Before cbr0: no vnode port exists without the table, and undo meets cbr0's refusal first.
      if (o.portFilter !== 'off') await steps.run(filterTableStep, { mode: o.portFilter }, { phase: 'runtime' });
      await steps.run(bridgeStep, { name: CONTROL_BRIDGE, ...(emulab ? { ignoreMembers: [o.controlIface as string] } : {}) }, { phase: 'runtime' });
      if (emulab) {
        await steps.run(
          moveControlIpStep,
          { iface: o.controlIface as string, bridge: CONTROL_BRIDGE, cidr: o.controlCidr as string, ...(o.controlGateway ? { gateway: o.controlGateway } : {}) },
          { phase: 'runtime' },
        );
      }
      await steps.run(addressStep, { dev: CONTROL_BRIDGE, cidr: o.hostAlias, label: `${CONTROL_BRIDGE}:1` }, { phase: 'runtime' });
    },

    // What prepareHost made, looked at again before each boot (core prepares anew on drift).
    async verifyHost(host: HostContext): Promise<readonly string[]> {
      const drift: string[] = [];
      if (!(await linkExists(host.deps.runner, CONTROL_BRIDGE))) drift.push(`bridge ${CONTROL_BRIDGE} is missing`);
      const varTemplate = varTemplateOf(host);
      if (varTemplate && !(await pathExists(host.deps, varTemplate))) drift.push(`the /var template ${varTemplate} is missing`);
      return drift;
    },

    async create(vnode: VnodeContext, steps: StepRunner): Promise<void> {
      const ids = await idRangeFor(vnode, steps);
      const plan = await rootPlan(vnode, ids);
      // The /etc copy (copy mode) comes from the template: it must be there first.
      if (o.privateDirs === 'copy') await requireTemplates(vnode);
      await steps.run(
        rootFsStep,
        { rootDir: vnode.paths.rootDir, overlayDir: overlayDirOf(vnode), plan, owner: { rootId: ids.base, localEtc: localEtcOf(vnode) } },
        { phase: 'persistent' },
      );
    },

    async configureNetwork(vnode: VnodeContext, steps: StepRunner): Promise<void> {
      const p = planVnode(vnode, o, await vnodeNumberFor(vnode, steps));
      // Filters first: a port is never in a bridge unfiltered, and undo drops them last.
      if (o.portFilter !== 'off') await steps.run(portFilterStep, { filters: portFilters(p), mode: o.portFilter }, { phase: 'runtime' });
      await steps.run(vethStep, { host: p.control.host, peer: p.control.vnode, master: CONTROL_BRIDGE, peerMac: p.controlMac }, { phase: 'runtime' });
      for (const e of p.experiment) {
        await steps.run(
          lanPortStep,
          { bridge: e.bridge, lanKey: e.lanKey, host: e.host, peer: e.vnodeTemp, locksDir: vnode.host.paths.locksDir, peerMac: e.mac },
          { phase: 'runtime' },
        );
      }
    },

    async boot(vnode: VnodeContext, steps: StepRunner): Promise<RunningVnode> {
      const p = planVnode(vnode, o, await vnodeNumberFor(vnode, steps));
      const ids = await idRangeFor(vnode, steps);
      const plan = await rootPlan(vnode, ids);
      await requireTemplates(vnode);
      // The vnode's tmcc cache (filled by the manager before boot), bound in
      // read-only rather than copied: no new files per boot.
      const cache: MountOp[] = (await pathExists(vnode.deps, vnode.paths.tmccCacheDir))
        ? [{ op: 'ro', args: [vnode.paths.tmccCacheDir, TMCC_CACHE_INSIDE] }]
        : [];
      const { ops, fstabMounts } = startMounts([...plan.mounts, ...cache], path.join(vnode.paths.configDir, 'fstab'));
      await steps.run(
        bootFilesStep,
        {
          rootDir: vnode.paths.rootDir,
          bootFiles: p.bootFiles,
          programs: Object.fromEntries(INSIDE_PROGRAMS.map((f) => [f, path.join(VNODE_FILES_DIR, f)])),
          // beneath-ok: boot-files writes below etcDir only through beneath().
          etcDir: o.privateDirs === 'overlay' ? path.join(overlayDirOf(vnode), 'etc', 'upper') : path.join(vnode.paths.rootDir, 'etc'),
          etcFiles: etcFilesFor(bossnodeLine(vnode.config.boss)),
          scripts: withTmcc ? { tmcc: tmccWrapper(o.nodePath as string, tmccInside(o.tmccBundle as string)) } : {},
          fstab: { file: path.join(vnode.paths.configDir, 'fstab'), text: fstabFor(vnode.paths.rootDir, fstabMounts, await kernelViewsPresent(vnode.deps.fs)) },
          mountTargets: mountTargetsFor(fstabMounts),
          // enter.sh mounts and links on these before it pivots (still on the host's file system).
          checkDirs: ['.oldroot', 'dev', 'var/emulab/boot', ...plan.mounts.filter((m) => m.op === 'ovkeep').map((m) => `${(m.args[3] ?? '').replace(/^\/+/, "")}/${m.args[4] ?? ''}`)],
        },
        { phase: 'runtime' },
      );
      let procsFiles: readonly string[] = [];
      if (hasLimits(o.limits)) {
        const cg = detectCgroup(await vnode.deps.mounts.read(), controllersFor(o.limits));
        if (!cg) throw new LinuxBackendError('LINUX_BAD_OPTION', `cgroup limits set but no cgroup hierarchy with ${controllersFor(o.limits).join(', ')} is mounted`);
        const r = await steps.run(cgroupStep, { version: cg.version, mountRoot: cg.mountRoot, group: `${o.cgroupParent}/${vnode.id}`, limits: o.limits }, { phase: 'runtime' });
        procsFiles = r.procsFiles;
      }
      const { result, live } = await steps.runLive(
        vnodeProcessStep,
        {
          rootDir: vnode.paths.rootDir,
          shell: o.shell,
          enterScript: path.join(VNODE_FILES_DIR, 'enter.sh'),
          mounts: ops,
          initArgv: [INIT_INSIDE, RC_INSIDE],
          moves: [{ dev: p.control.vnode }, ...p.experiment.map((e) => ({ dev: e.vnodeTemp, rename: e.inside }))],
          procsFiles,
          ids,
          pidFile: p.pidFile,
          consoleLog: p.consoleLog,
          startTimeoutMs: o.startTimeoutMs,
          sysMounts: sysViewMounts(await kernelViewsPresent(vnode.deps.fs)),
        },
        { phase: 'runtime' },
      );
      watchConsoleLog(vnode.deps, { file: p.consoleLog, maxBytes: o.consoleLogBytes, intervalMs: CONSOLE_CHECK_MS, until: live.exited }).catch((err: unknown) =>
        vnode.log.warn({ err }, 'console.log cap stopped'),
      );
      if (!withTmcc) return { pid: result.initPid as number, exited: live.exited, reportsIsup: false };
      // beneath-ok: only lstat'ed (readiness), never opened or written.
      const vrunning = path.join(vnode.paths.rootDir, 'var/emulab/boot/vrunning');
      return { pid: result.initPid as number, exited: live.exited, reportsIsup: true, ready: whenReady(vrunning, live.exited, vnode.deps) };
    },

    stop: (running: RunningVnode, options: StopOptions) => stopVnode(running, options),

    async state(vnode: VnodeContext): Promise<VnodeState> {
      const { fs, proc } = vnode.deps;
      try {
        const [pid, token] = (await fs.readFile(pidFileOf(vnode), 'utf8')).trim().split(' ');
        const n = Number(pid);
        if (n > 0 && (await isRunning(vnode.deps, n)) && (!token || (await proc.startToken(n)) === token)) return 'running';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      return (await rootExists(vnode.deps, vnode.paths.rootDir)) ? 'stopped' : 'absent';
    },

    proxyEndpoint(vnode: VnodeContext): ProxyEndpoint {
      // beneath-ok: the manager checks the socket's dir with beneath() before the proxy binds; the proxy never unlinks a non-socket.
      return { hostPath: path.join(vnode.paths.rootDir, PROXY_INSIDE), insidePath: PROXY_INSIDE };
    },

    // All of init's namespaces, its user and cgroup namespaces too (as the vnode's
    // root, unprivileged on the host), and its root (the vnode's, after pivot_root).
    enterArgv: (_vnode, initPid, argv) => ({ argv: ['nsenter', '-t', String(initPid), '--all', '-S', '0', '-G', '0', '-r', '-w', '--', ...argv] }),
  };
}
