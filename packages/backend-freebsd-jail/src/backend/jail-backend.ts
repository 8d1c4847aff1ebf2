// mkjail on stock FreeBSD 13/14: the VirtualizationBackend. It orchestrates;
// every host change is a step in ../steps, every decision a pure function in
// ../capability or ../plan.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allocateStep, createAllocator, ifExists, mkdirStep, pathExists, runningVnode,
  type HostContext, type ProxyEndpoint, type RunningVnode, type StepRunner,
  type VirtualizationBackend, type VnodeContext, type VnodeRef, type VnodeState,
} from '@tbvnode/core';
import { parseIfconfig } from '@tbvnode/tmcc';
import { assessJailConfig } from '../capability/assess.js';
import { requireCapabilityReport, writeCapabilityReport } from '../capability/report-file.js';
import type { CapabilityReport } from '../capability/types.js';
import { FreebsdJailError } from '../errors.js';
import { bootDirFiles, JAIL_RC_LOCAL, jailResolvConf, jailRcConf, VRUNNING_INSIDE } from '../plan/boot-files.js';
import { jailSshdConfig, jailSshdListen } from '../plan/sshd-config.js';
import {
  devfsRules, devfsRulesetNumber, devfsVariants, fibRoutes, IFACES_READY_INSIDE, IMAGE_DIRS, INJAIL_INSIDE, jailCreateArgv, jailName, PROXY_INSIDE, SYSTEM_DIRS,
} from '../plan/jail-plan.js';
import { checkInterfaceCount, jailIfaceCommands, planVnetIfaces, type VnetIface } from '../plan/vnet-plan.js';
import { secretsInTemplate } from '../probe/etc-secrets.js';
import { probeFreebsd, readHostFacts } from '../probe/probe.js';
import { jailStatus } from '../steps/commands.js';
import { jailRoot } from '../steps/in-root.js';
import { writeInRootStep } from '../steps/write-in-root.js';
import { whenFileAppears } from '../start/when-ready.js';
import { copyDirStep } from '../steps/copy-dir.js';
import { devfsRulesetStep } from '../steps/devfs-ruleset.js';
import { diskImageStep, mdAttachStep, mountRootStep } from '../steps/disk.js';
import { jailStep } from '../steps/jail.js';
import { devfsMountStep, nullfsStep, procfsStep } from '../steps/mounts.js';
import { aliasStep, fibFlushStep, routeStep } from '../steps/network.js';
import { etcTemplateStep } from '../steps/etc-template.js';
import { populateRootStep } from '../steps/populate.js';
import { rctlStep } from '../steps/rctl.js';
import { epairStep, jailIfaceStep, lanPortStep, vnetMoveStep } from '../steps/vnet.js';
import { checkSocketPath, etcTemplateOf, jailLayout, projectOf } from './layout.js';
import { parseFreebsdOptions, type FreebsdOptions } from './options.js';

/** The injail script shipped in this package, from src/ or dist/ alike. */
export const INJAIL_SCRIPT = fileURLToPath(new URL('../../injail/injail.sh', import.meta.url));

const runtime = { phase: 'runtime' } as const;
const persistent = { phase: 'persistent' } as const;

const FREEBSD_STEP_TYPES = [
  etcTemplateStep, devfsRulesetStep, diskImageStep, mdAttachStep, mountRootStep, populateRootStep, nullfsStep, procfsStep,
  devfsMountStep, aliasStep, fibFlushStep, routeStep, copyDirStep, writeInRootStep, rctlStep, jailStep,
  epairStep, lanPortStep, vnetMoveStep, jailIfaceStep,
] as const;


async function readHostFile(fs: VnodeContext['deps']['fs'], file: string): Promise<string | undefined> {
  return (await ifExists(fs.readFile(file, 'utf8')))?.trim();
}

function logReport(vnode: VnodeContext, r: CapabilityReport): void {
  // Boss's values are untrusted: under a fixed key, never as bindings.
  vnode.log.info({ capabilities: r.keys }, 'jailconfig capability report');
  for (const k of r.keys.filter((x) => x.verdict === 'refused')) vnode.log.warn({ capability: k }, `jailconfig ${k.key} refused`);
}

export function createFreebsdJailBackend(options: Parameters<typeof parseFreebsdOptions>[0]): VirtualizationBackend {
  const o: FreebsdOptions = parseFreebsdOptions(options);

  /** netMode=vnet: the experiment interfaces from the cached ifconfig reply (none in alias mode). Pure over the config. */
  function vnetPlan(vnode: VnodeContext): VnetIface[] {
    if (o.netMode !== 'vnet') return [];
    const entries = parseIfconfig(vnode.config.replies.get('ifconfig') ?? '');
    checkInterfaceCount(vnode.id, entries.length, o.maxInterfaces);
    return planVnetIfaces(vnode.id, entries, vnode.config.experiment);
  }

  async function fibOf(vnode: VnodeContext): Promise<number | null> {
    const held = await createAllocator({ dir: vnode.host.paths.allocDir, spec: { name: 'fib', min: 1, max: 1 }, deps: vnode.deps }).list();
    return held.find((a) => a.owner === vnode.id && a.key === 'fib')?.n ?? null;
  }

  return {
    name: 'freebsd-jail',
    stepTypes: [...FREEBSD_STEP_TYPES],

    probe: (host: HostContext) => probeFreebsd(host.deps, o.devfsRuleset, etcTemplateOf(host.paths)),

    async prepareHost(host: HostContext, steps: StepRunner): Promise<void> {
      // Every jail's /etc is copied from it: the host's /etc itself never reaches a jail.
      await steps.run(etcTemplateStep, { dir: etcTemplateOf(host.paths), hostEtc: o.hostEtc }, runtime);
      for (const v of devfsVariants({ bpf: o.bpf === 'readwrite', mem: o.allowDevmem })) {
        await steps.run(devfsRulesetStep, { ruleset: devfsRulesetNumber(o.devfsRuleset, v), rules: devfsRules(v) }, runtime);
      }
    },

    async create(vnode: VnodeContext, steps: StepRunner): Promise<void> {
      const { deps, paths } = vnode;
      const etcTemplate = etcTemplateOf(vnode.host.paths);
      // A template holding a host secret (or none at all) is a fatal refusal: nothing is copied.
      const host = { ...(await readHostFacts(deps.runner)), etcSecrets: await secretsInTemplate(deps.fs, etcTemplate) };
      const report = assessJailConfig({ jailconfig: vnode.config.jailconfig, policy: o, host });
      await writeCapabilityReport(deps.fs, paths.configDir, report);
      logReport(vnode, report);
      if (report.fatal.length > 0) {
        const why = report.keys.filter((k) => k.fatal).map((k) => `${k.key}: ${k.reason}`).join('; ');
        throw new FreebsdJailError('FBSD_REFUSED', `jailconfig refused: ${why}`);
      }
      // Too many interfaces, or a LAN that cannot be told apart from another experiment's: fail before any host change.
      vnetPlan(vnode);
      const s = report.settings;
      const l = jailLayout(paths);
      const restoring = await pathExists(deps, l.image);
      await steps.run(mkdirStep, { path: paths.rootDir, mode: 0o755 }, persistent);
      await steps.run(diskImageStep, { image: l.image, sizeMb: s.diskMb }, persistent);
      const { unit } = await steps.run(mdAttachStep, { image: l.image }, runtime);
      await steps.run(mountRootStep, { device: `/dev/md${unit}`, target: paths.rootDir, fsck: restoring, busyWaitMs: o.busyWaitMs }, runtime);
      await steps.run(populateRootStep, { rootDir: paths.rootDir, etcTemplate }, persistent);
      // Inside the image (no step: removing the image undoes it). Core starts the proxy on
      // <root>/var/emulab/tmcc after configureNetwork and before boot, so it must exist now.
      const root = jailRoot(deps, paths.rootDir);
      for (const dir of IMAGE_DIRS) await root.mkdir(dir);
      // Targets are named with root.path (no disk access); each mount step checks its own right before mounting.
      const rootDir = paths.rootDir;
      for (const d of SYSTEM_DIRS) {
        await steps.run(nullfsStep, { source: `/${d}`, rootDir, target: root.path(d), readOnly: true }, runtime);
      }
      await steps.run(procfsStep, { rootDir, target: root.path('proc') }, runtime);
      const ruleset = devfsRulesetNumber(o.devfsRuleset, { bpf: s.bpf, mem: s.devmem });
      await steps.run(devfsMountStep, { rootDir, target: root.path('dev'), ruleset }, runtime);
      // The jail writes into logs/jail (its /local/logs): a kill removes both with their contents, never through a mount.
      await steps.run(mkdirStep, { path: paths.logsDir, mode: 0o755, removeContents: true }, persistent);
      await steps.run(mkdirStep, { path: l.jailLogs, mode: 0o755, removeContents: true }, persistent);
      await steps.run(nullfsStep, { source: l.jailLogs, rootDir, target: l.logsInJail, readOnly: false }, runtime);
      const project = projectOf(vnode.config.hostname);
      const projectDir = project === null ? null : path.join(o.localRoot, project);
      if (projectDir !== null && (await pathExists(deps, projectDir))) {
        await steps.run(nullfsStep, { source: projectDir, rootDir, target: root.path(`local/${project as string}`), readOnly: false }, runtime);
      }
    },

    async configureNetwork(vnode: VnodeContext, steps: StepRunner): Promise<void> {
      const report = await requireCapabilityReport(vnode.deps.fs, vnode.paths.configDir);
      const s = report.settings;
      // vnet: the host end of each epair in its LAN's bridge; the jail ends go in at boot, once the jail exists.
      for (const i of vnetPlan(vnode)) {
        await steps.run(epairStep, { hostEnd: i.hostEnd, jailEnd: i.jailEnd, mark: i.epairMark }, runtime);
        await steps.run(lanPortStep, { bridge: i.bridge, mark: i.bridgeMark, member: i.hostEnd, locksDir: vnode.host.paths.locksDir }, runtime);
      }
      if (s.ip === null) return;
      const bootDir = vnode.host.paths.bootDir;
      const cnet = o.cnetIface ?? (await readHostFile(vnode.deps.fs, path.join(bootDir, 'controlif')));
      if (!cnet) throw new FreebsdJailError('FBSD_BAD_OPTION', `no control interface: set cnetIface or write ${path.join(bootDir, 'controlif')}`);
      await steps.run(aliasStep, { iface: cnet, ip: s.ip }, runtime);
      if (!s.ownFib) return;
      const spec = { name: 'fib', min: 1, max: report.host.fibs - 1 };
      const { n: fib } = await steps.run(allocateStep, { dir: vnode.host.paths.allocDir, spec, owner: vnode.id, key: 'fib' }, runtime);
      await steps.run(fibFlushStep, { fib }, runtime);
      const gateway = o.cnetGateway ?? (await readHostFile(vnode.deps.fs, path.join(bootDir, 'routerip'))) ?? null;
      for (const args of fibRoutes({ settings: s, cnetIface: cnet, gateway })) await steps.run(routeStep, { fib, args }, runtime);
    },

    async boot(vnode: VnodeContext, steps: StepRunner): Promise<RunningVnode> {
      const { deps, paths } = vnode;
      const report = await requireCapabilityReport(deps.fs, paths.configDir);
      const s = report.settings;
      const l = jailLayout(paths);
      const hostname = vnode.config.hostname ?? vnode.id;
      const rootDir = paths.rootDir;
      const root = jailRoot(deps, rootDir);
      const write = (rel: string, content: string, mode?: number) =>
        steps.run(writeInRootStep, { rootDir, rel, content, ...(mode === undefined ? {} : { mode }) }, runtime);
      await write('etc/rc.conf', jailRcConf({ hostname, settings: s }));
      // rc.local runs Emulab's rc.injail (ISUP from inside, through the proxy), then says "done".
      await write('etc/rc.local', JAIL_RC_LOCAL, 0o755);
      // The previous boot's readiness files must not announce this one. (Halt's revert already
      // removes our interfaces-ready; this catches one the jail made in a life that never wrote it.)
      await root.rm(VRUNNING_INSIDE);
      await root.rm(IFACES_READY_INSIDE.slice(1));
      const resolv = await readHostFile(deps.fs, path.join(o.hostEtc, 'resolv.conf'));
      if (resolv !== undefined) await write('etc/resolv.conf', jailResolvConf(resolv, o.resolverIp));
      // mkjail's sshd premunge, from the template's config (the jail's may be anything): never the host's
      // addresses; the jail's own as jailSshdListen says (none in vnet mode, or without JAILIP).
      const sshd = await readHostFile(deps.fs, path.join(etcTemplateOf(vnode.host.paths), 'ssh/sshd_config'));
      if (sshd !== undefined) await write('etc/ssh/sshd_config', jailSshdConfig(`${sshd}\n`, jailSshdListen(o.netMode, s.ip)));
      for (const [rel, content] of Object.entries(bootDirFiles({ id: vnode.id, settings: s, proxyInside: PROXY_INSIDE }))) await write(rel, content);
      if (await pathExists(deps, paths.tmccCacheDir)) {
        await steps.run(copyDirStep, { source: paths.tmccCacheDir, rootDir, rel: `var/emulab/boot/${path.basename(paths.tmccCacheDir)}` }, runtime);
      }
      await write(INJAIL_INSIDE.slice(1), await deps.fs.readFile(INJAIL_SCRIPT, 'utf8'), 0o755);
      const name = jailName(vnode.id);
      const fib = s.ownFib ? await fibOf(vnode) : null;
      const ifaces = vnetPlan(vnode);
      const argv = jailCreateArgv({
        name, id: vnode.id, rootDir: paths.rootDir, hostname, settings: s, fib, vnet: o.netMode === 'vnet', waitForIfaces: ifaces.length > 0,
      });
      if ((s.rctlRules ?? []).length > 0) await steps.run(rctlStep, { jailName: name, rules: s.rctlRules ?? [] }, runtime);
      const start = await steps.runLive(
        jailStep,
        { argv, name, consoleLog: l.consoleLog, pidFileOnHost: l.injailPidOnHost, startTimeoutMs: o.startTimeoutMs },
        runtime,
      );
      // The jail exists now: its epair ends go in, then get their addresses from inside (its own stack).
      for (const i of ifaces) {
        await steps.run(vnetMoveStep, { iface: i.jailEnd, jail: name }, runtime);
        await steps.run(jailIfaceStep, { jail: name, iface: i.jailEnd, inet: i.inet, commands: jailIfaceCommands(i) }, runtime);
      }
      // injail -w: now the jail's /etc/rc may start. Written into a live jail, but nothing of the
      // jail's own has run yet (only our injail, waiting), so nothing can race the no-follow walk.
      if (ifaces.length > 0) await write(IFACES_READY_INSIDE.slice(1), '');
      // A link planted there is not the jail's rc saying it is up: only a regular file counts.
      const ready = o.isupFromJail ? { ready: whenFileAppears(() => root.kind(VRUNNING_INSIDE).then((k) => k === 'file', () => false), start.live.exited, deps) } : {};
      // stop(): the jail step's revert (USR1 to injail, jail -R, then jail(8) itself).
      return runningVnode(start, { pid: start.result.pid, reportsIsup: o.isupFromJail, ...ready });
    },

    async state(vnode: VnodeRef): Promise<VnodeState> {
      // A dying jail has no processes left: stopped (its root is still held for a while).
      if ((await jailStatus(vnode.deps.runner, jailName(vnode.id))) === 'running') return 'running';
      return (await pathExists(vnode.deps, jailLayout(vnode.paths).image)) ? 'stopped' : 'absent';
    },

    proxyEndpoint(vnode: VnodeContext): ProxyEndpoint {
      return { hostPath: checkSocketPath(jailLayout(vnode.paths).proxyOnHost), insidePath: PROXY_INSIDE };
    },

    // jexec(8) by the jail's name; -l: a clean login environment, as the jail's root.
    enterArgv: (vnode, _initPid, argv) => ({ argv: ['jexec', '-l', jailName(vnode.id), ...argv] }),
  };
}
