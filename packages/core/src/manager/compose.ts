// Builds a manager's parts from the few things only the edge knows: the backend,
// the host context, where boss is, and the process's signals.
import { createTmccClient, type Target } from '@tbvnode/tmcc';
import { createProxy } from '@tbvnode/tmcc-proxy';
import type { HostContext, VirtualizationBackend, VnodeBoss } from '../backend/types.js';
import { vnodePaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import { builtinStepTypes } from '../steps/builtin/index.js';
import { createStepRegistry, type StepRegistry } from '../steps/registry.js';
import { managerStepTypes } from './manager-steps.js';
import type { ManagerParts } from './parts.js';
import { managerPidFile } from './pid-file.js';
import type { SignalSource, StopRequests } from './stop-requests.js';
import type { VnodeTmcc } from './vnode-config.js';

export interface BossEndpoint {
  readonly name: string;
  readonly target: Target;
  readonly privKey?: string | undefined;
}

export interface ComposeManagerOptions {
  readonly vnodeId: VnodeId;
  readonly backend: VirtualizationBackend;
  readonly host: HostContext;
  readonly boss: BossEndpoint;
  // The host's one registry and this vnode's tmcc client (openHost passes its own);
  // built here when absent.
  readonly registry?: StepRegistry;
  readonly tmcc?: VnodeTmcc;
  readonly signals?: SignalSource;
  readonly requests?: StopRequests;
  prepareHost(): Promise<void>;
  readonly stopTimeoutMs?: number;
  readonly proxyRestartDelayMs?: number;
  readonly proxyCheckEveryMs?: number;
}

/** What the backend learns about boss (VnodeConfig.boss), from how the manager reaches it. Pure. */
export function bossForVnode(boss: Pick<BossEndpoint, 'name' | 'target'>): VnodeBoss {
  const t = boss.target;
  if (t.kind === 'tcp') return { name: boss.name, address: t.host, ports: [...t.ports] };
  if (t.kind === 'udp') return { name: boss.name, address: t.host, ports: [t.port] };
  return { name: boss.name };
}

export function composeManager(o: ComposeManagerOptions): ManagerParts {
  const paths = vnodePaths(o.host.paths, o.vnodeId);
  const privKey = o.boss.privKey;
  const tmcc = o.tmcc ?? createTmccClient({
    root: o.host.paths.root,
    target: o.boss.target,
    vnodeId: o.vnodeId,
    ...(privKey === undefined ? {} : { privKey }),
    // The host side always asks boss; it is what fills the cache.
    useCache: false,
    useProxyPath: false,
  });
  return {
    vnodeId: o.vnodeId,
    backend: o.backend,
    host: o.host,
    tmcc,
    boss: bossForVnode(o.boss),
    createProxy: (listenPath) =>
      createProxy({
        listen: { kind: 'unix', path: listenPath },
        vnodeId: o.vnodeId,
        upstream: o.boss.target,
        // The proxy binds the vnode itself.
        log: o.host.log.child({ part: 'proxy' }),
        ...(privKey === undefined ? {} : { privKey }),
      }),
    ...(o.signals ? { signals: o.signals } : {}),
    ...(o.requests ? { requests: o.requests } : {}),
    registry: o.registry ?? createStepRegistry(builtinStepTypes, o.backend.stepTypes, managerStepTypes),
    prepareHost: () => o.prepareHost(),
    pidFile: managerPidFile(o.host.deps.fs, paths.pidFile, o.host.deps.proc.selfPid, o.host.deps.proc),
    ...(o.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: o.stopTimeoutMs }),
    ...(o.proxyRestartDelayMs === undefined ? {} : { proxyRestartDelayMs: o.proxyRestartDelayMs }),
    ...(o.proxyCheckEveryMs === undefined ? {} : { proxyCheckEveryMs: o.proxyCheckEveryMs }),
  };
}
