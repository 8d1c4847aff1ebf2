// The pieces every command builds the same way: paths under the root and core's
// deps; for commands that act on vnodes, the backend loaded by name and core's
// openHost over it (the one place vnodesetup, bootvnodes and the manager are composed).
import {
  createNodeDeps,
  hostPaths,
  openHost,
  type Argv,
  type BackendDescriptor,
  type BackendOptions,
  type BossEndpoint,
  type CoreDeps,
  type HostPaths,
  type OpenHost,
  type VirtualizationBackend,
  type VnodeId,
} from '@tbvnode/core';
import type { Logger } from 'pino';
import { loadBackend } from '../backend/load-backend.js';
import { mergeBackendOptions, parseBackendOptions } from '../settings/backend-options.js';
import type { CliDeps } from './cli-deps.js';

export interface HostRuntime {
  readonly paths: HostPaths;
  readonly deps: CoreDeps;
  readonly log: Logger;
}

export function createHostRuntime(root: string, log: Logger, cli: CliDeps): HostRuntime {
  return { paths: hostPaths(root), deps: createNodeDeps({ log, platform: cli.platform, env: cli.env }), log };
}

export interface LoadedBackend {
  readonly descriptor: BackendDescriptor;
  readonly backend: VirtualizationBackend;
  readonly options: BackendOptions;
}

// The edge's defaults (node, tmcc's bundle) under the operator's TBVNODE_BACKEND_OPTIONS.
export async function loadHostBackend(name: string, cli: CliDeps): Promise<LoadedBackend> {
  const options = mergeBackendOptions(cli.backendDefaults ?? {}, parseBackendOptions(cli.env['TBVNODE_BACKEND_OPTIONS']));
  const descriptor = await loadBackend(name, cli.importModule, cli.platform);
  return { descriptor, backend: descriptor.create(options), options };
}

export async function openCliHost(
  rt: HostRuntime,
  cli: CliDeps,
  o: { backend: string; boss?: BossEndpoint | undefined; managerArgv?: (id: VnodeId) => Argv },
): Promise<OpenHost> {
  const { backend, options } = await loadHostBackend(o.backend, cli);
  return openHost({
    root: rt.paths.root, backend, options, deps: rt.deps, platform: cli.platform,
    ...(o.boss === undefined ? {} : { boss: o.boss }),
    ...(o.managerArgv === undefined ? {} : { managerArgv: o.managerArgv }),
  });
}
