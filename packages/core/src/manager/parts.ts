// Everything a manager works with, built once at the edge (the CLI's manager
// mode, or a test) — the manager itself only orchestrates these parts.
import type { HostContext, VirtualizationBackend, VnodeBoss } from '../backend/types.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { StepRegistry } from '../steps/registry.js';
import type { SupervisedProxy } from './proxy-supervisor.js';
import type { SignalSource, StopRequests } from './stop-requests.js';
import type { VnodeTmcc } from './vnode-config.js';

export interface PidFileOps {
  // Atomically records our pid (vnodesetup and boss signal it).
  write(): Promise<void>;
  // Removing it tells vnodesetup -h/-k that we are done.
  remove(): Promise<void>;
}

export interface ManagerParts {
  readonly vnodeId: VnodeId;
  readonly backend: VirtualizationBackend;
  readonly host: HostContext;
  // tmcc speaking as this vnode (VNODEID=<id>) straight to boss.
  readonly tmcc: VnodeTmcc;
  // Boss as reached (name, address, ports): the vnode's host name takes boss's
  // domain from it, and the backend gets it as VnodeConfig.boss.
  readonly boss: VnodeBoss;
  // A tmcc proxy for this vnode listening on the given unix socket path.
  createProxy(listenPath: string): SupervisedProxy;
  // Where stop signals come from; or `requests`, when the caller listened to the
  // signals itself earlier (a manager process must, before its first await).
  readonly signals?: SignalSource;
  readonly requests?: StopRequests;
  // Core's built-in step types, the backend's and the manager's own.
  readonly registry: StepRegistry;
  // Once per host boot under the host lock; a no-op when already done.
  prepareHost(): Promise<void>;
  readonly pidFile: PidFileOps;
  readonly stopTimeoutMs?: number;
  readonly proxyRestartDelayMs?: number;
  // How often the proxy's socket is checked (default 5 s).
  readonly proxyCheckEveryMs?: number;
}
