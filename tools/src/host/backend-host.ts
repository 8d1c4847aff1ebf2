// A Linux backend driven directly (no manager) inside a throwaway host, with the
// host prepared through its own journal: what the boot bench and the soak share.
import { mkdir } from 'node:fs/promises';
import { pino, type Logger } from 'pino';
import {
  createNodeDeps, createStepRegistry, hostPaths, openStepRunner,
  type CoreDeps, type HostContext, type HostPaths, type JournaledStepRunner, type StepRegistry, type VirtualizationBackend,
} from '@tbvnode/core';
import { createLinuxBackend } from '@tbvnode/backend-linux-vserver';
import type { ThrowawayHost } from '@tbvnode/test-host';

export interface BackendHost {
  readonly log: Logger;
  readonly deps: CoreDeps;
  readonly backend: VirtualizationBackend;
  readonly registry: StepRegistry;
  readonly paths: HostPaths;
  readonly hostCtx: HostContext;
  /** The host's journal: `undo('kill')` tears down what prepareHost built. */
  readonly hostSteps: JournaledStepRunner;
}

/**
 * `host` is a throwaway host, or just its root dir when this process already runs
 * inside the host's network namespace (then commands need no nsenter each).
 */
export async function prepareBackendHost(
  host: Pick<ThrowawayHost, 'rootDir'> & Partial<Pick<ThrowawayHost, 'runner'>>,
  options: Parameters<typeof createLinuxBackend>[0],
): Promise<BackendHost> {
  const log = pino({ level: 'silent' });
  const deps = createNodeDeps({ log, ...(host.runner ? { runner: host.runner } : {}) });
  const backend = createLinuxBackend(options);
  const registry = createStepRegistry(backend.stepTypes);
  const paths = hostPaths(host.rootDir);
  await mkdir(paths.hostStateDir, { recursive: true });
  const hostCtx: HostContext = { paths, deps, log, options: {} };
  const hostSteps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry, deps });
  await backend.prepareHost(hostCtx, hostSteps);
  return { log, deps, backend, registry, paths, hostCtx, hostSteps };
}
