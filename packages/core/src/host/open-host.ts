// The one composition point: everything vnodesetup, bootvnodes and a vnode's
// manager work with on one host, built once from the few things only the edge
// knows (the root, the loaded backend, where boss is, core's deps). The CLI
// parses flags and calls this; nothing it builds here calls back into the CLI.
import { createTmccClient } from '@tbvnode/tmcc';
import type { BackendOptions, HostContext, VirtualizationBackend } from '../backend/types.js';
import { checkHostPrepared, prepareHostOnce } from '../bootvnodes/prepare-host.js';
import type { CoreDeps } from '../deps.js';
import { withHostLock, withVnodeLock } from '../locks/host-locks.js';
import { composeManager, type BossEndpoint } from '../manager/compose.js';
import { managerStepTypes } from '../manager/manager-steps.js';
import type { ManagerParts } from '../manager/parts.js';
import { createStateReporter, type BossState } from '../manager/state-reporter.js';
import type { SignalSource, StopRequests } from '../manager/stop-requests.js';
import type { VnodeTmcc } from '../manager/vnode-config.js';
import { hostPaths, vnodePaths, type HostPaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { Argv, StartedProcess } from '../runner/types.js';
import { builtinStepTypes } from '../steps/builtin/index.js';
import { createStepRegistry, type StepRegistry } from '../steps/registry.js';
import type { VnodesetupContext, VnodesetupTiming } from '../vnodesetup/context.js';
import { recoverVnode } from '../vnodesetup/recover.js';
import { bootIdFor, type BootIdReader } from './boot-id.js';

export interface OpenHostOptions {
  /** Prefix for every file tbvnode touches ('/' on a real host). */
  readonly root: string;
  /** The backend, already created with its options (the edge loads it by name). */
  readonly backend: VirtualizationBackend;
  /** The options the backend was created with; backends see them as HostContext.options. */
  readonly options?: BackendOptions;
  /**
   * Where boss is: the only route boss's identity takes (the manager's tmcc, the
   * proxy's upstream, VnodeConfig.boss). Undefined: boss is unknown, which only
   * halting and killing tolerate (nothing is reported then).
   */
  readonly boss?: BossEndpoint | undefined;
  readonly deps: CoreDeps;
  /** Picks the boot id reader for "prepared this boot" (the real kernel's, not under root). */
  readonly platform?: NodeJS.Platform;
  /** Overrides the platform's boot id reader (tests). */
  readonly bootId?: BootIdReader;
  /** The argv that runs this vnode's manager entry (`tbvnode-manager … <id>`); needed only to boot. */
  readonly managerArgv?: (id: VnodeId) => Argv;
}

export interface ManagerOptions {
  readonly requests?: StopRequests;
  readonly signals?: SignalSource;
  readonly stopTimeoutMs?: number;
  readonly proxyRestartDelayMs?: number;
  readonly proxyCheckEveryMs?: number;
}

export interface OpenHost {
  readonly paths: HostPaths;
  readonly deps: CoreDeps;
  readonly backend: VirtualizationBackend;
  readonly boss: BossEndpoint | undefined;
  /** What backends receive as their host. */
  readonly context: HostContext;
  /** Core's built-in step types, the backend's and the manager's: built once, for every journal. */
  readonly registry: StepRegistry;
  withVnodeLock<T>(id: VnodeId, fn: () => Promise<T>): Promise<T>;
  withHostLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Prepares the host if this boot has not (or it drifted), under the host lock.
   * Concurrent calls in this process share one run; each later call checks again.
   */
  prepare(): Promise<void>;
  /** Why the host needs preparing (empty: prepared this boot and verified); read-only, for `tbvnode doctor`. */
  checkPrepared(): Promise<string[]>;
  /** tmcc speaking as this vnode straight to boss: one client per vnode. */
  vnodeTmcc(id: VnodeId): VnodeTmcc;
  /** Tells boss a vnode's state; false (logged) when boss is unknown or does not answer. */
  reportState(id: VnodeId, state: BossState): Promise<boolean>;
  /** No manager is alive: undo what the vnode's journal recorded. */
  recover(id: VnodeId, mode: 'halt' | 'kill'): Promise<boolean>;
  /** A manager's parts for this vnode, over this host's registry, boss and prepare. */
  manager(id: VnodeId, o?: ManagerOptions): ManagerParts;
  /** What vnodesetup's operations (boot, stop, reboot) run with. */
  vnodesetup(timing?: Partial<VnodesetupTiming>): VnodesetupContext;
}

export function openHost(o: OpenHostOptions): OpenHost {
  const paths = hostPaths(o.root);
  const { deps, backend } = o;
  const log = deps.log;
  const context: HostContext = { paths, deps, log, options: o.options ?? {} };
  const registry = createStepRegistry(builtinStepTypes, backend.stepTypes, managerStepTypes);
  const bootId = o.bootId ?? (o.platform === undefined ? undefined : bootIdFor(o.platform, deps));
  const lockHost = <T>(fn: () => Promise<T>): Promise<T> => withHostLock(paths, deps, fn);
  const lockVnode = <T>(id: VnodeId, fn: () => Promise<T>): Promise<T> => withVnodeLock(paths, id, deps, fn);
  const clients = new Map<VnodeId, VnodeTmcc>();
  let preparing: Promise<void> | undefined;

  const vnodeTmcc = (id: VnodeId): VnodeTmcc => {
    const boss = o.boss;
    if (boss === undefined) throw new Error(`openHost: no boss to ask as ${id}`);
    const known = clients.get(id);
    if (known !== undefined) return known;
    const client = createTmccClient({
      root: paths.root,
      target: boss.target,
      vnodeId: id,
      ...(boss.privKey === undefined ? {} : { privKey: boss.privKey }),
      // The host side always asks boss; it is what fills the cache.
      useCache: false,
      useProxyPath: false,
    });
    clients.set(id, client);
    return client;
  };

  const prepare = (): Promise<void> => {
    preparing ??= prepareHostOnce({ host: context, backend, registry, withHostLock: lockHost, ...(bootId ? { bootId } : {}) })
      .then(() => undefined)
      .finally(() => {
        preparing = undefined;
      });
    return preparing;
  };

  const startManager = async (id: VnodeId): Promise<StartedProcess> => {
    if (o.managerArgv === undefined) throw new Error('openHost: no managerArgv, so no manager can be started');
    await deps.fs.mkdir(paths.logsDir, { recursive: true });
    await deps.fs.mkdir(paths.runDir, { recursive: true });
    const [cmd, ...args] = o.managerArgv(id);
    // The manager logs to its own file; its stdout/stderr go there too (the runner
    // hands it the open file), so even a crash's stack trace is kept.
    const file = { file: vnodePaths(paths, id).managerLog };
    return deps.runner.start([cmd, ...args], { detached: true, stdout: file, stderr: file });
  };

  const host: OpenHost = {
    paths,
    deps,
    backend,
    boss: o.boss,
    context,
    registry,
    withVnodeLock: lockVnode,
    withHostLock: lockHost,
    prepare,
    checkPrepared: () => checkHostPrepared({ host: context, backend, ...(bootId ? { bootId } : {}) }),
    vnodeTmcc,
    async reportState(id, state) {
      if (o.boss === undefined) return false;
      return createStateReporter(vnodeTmcc(id), log.child({ vnode: id })).report(state);
    },
    recover: (id, mode) => recoverVnode({ host: paths, deps, registry, id, mode }),
    manager(id, m = {}) {
      const boss = o.boss;
      if (boss === undefined) throw new Error(`openHost: a manager for ${id} needs boss`);
      return composeManager({
        vnodeId: id, backend, host: context, boss, registry, tmcc: vnodeTmcc(id), prepareHost: prepare, ...m,
      });
    },
    vnodesetup(timing = {}) {
      return {
        host: paths,
        deps,
        timing,
        startManager,
        withVnodeLock: lockVnode,
        recover: host.recover,
        reportState: async (id, state) => void (await host.reportState(id, state)),
      };
    },
  };
  return host;
}
