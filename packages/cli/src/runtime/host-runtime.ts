// The pieces every command builds the same way: paths under the root, core's
// deps, and the backend loaded by name.
import {
  createNodeDeps,
  freebsdBootId,
  linuxBootId,
  type BootIdReader,
  hostPaths,
  type BackendDescriptor,
  type BackendOptions,
  type CoreDeps,
  type HostContext,
  type HostPaths,
  type VirtualizationBackend,
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
  readonly host: HostContext;
}

export async function loadHostBackend(
  rt: HostRuntime,
  name: string,
  options: BackendOptions,
  cli: CliDeps,
): Promise<LoadedBackend> {
  const merged = mergeBackendOptions(cli.backendDefaults ?? {}, parseBackendOptions(cli.env['TBVNODE_BACKEND_OPTIONS']), options);
  const descriptor = await loadBackend(name, cli.importModule, cli.platform);
  const backend = descriptor.create(merged);
  return { descriptor, backend, host: { paths: rt.paths, deps: rt.deps, log: rt.log, options: merged } };
}

// Once-per-boot markers need the kernel's boot id (the real one, not under --root).
export function bootIdReader(rt: HostRuntime, platform: NodeJS.Platform): BootIdReader | undefined {
  if (platform === 'linux') return linuxBootId(rt.deps.fs);
  if (platform === 'freebsd') return freebsdBootId(rt.deps.runner);
  return undefined;
}
