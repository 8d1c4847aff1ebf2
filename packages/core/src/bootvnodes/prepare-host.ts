// Host preparation happens once per host boot: the first caller (bootvnodes, or
// a lone vnodesetup -b) runs the backend's prepareHost under the host lock with
// its own journal; everyone after sees the marker and goes on. The marker lives
// under var/run, which a host reboot clears.
import type { HostContext, VirtualizationBackend } from '../backend/types.js';
import { openStepRunner } from '../steps/step-runner.js';
import type { StepRegistry } from '../steps/registry.js';

export type WithLock = <T>(fn: () => Promise<T>) => Promise<T>;

export async function prepareHostOnce(o: {
  host: HostContext;
  backend: VirtualizationBackend;
  registry: StepRegistry;
  withHostLock: WithLock;
}): Promise<boolean> {
  const { deps, paths } = o.host;
  if (await isPrepared(o.host)) return false;
  return o.withHostLock(async () => {
    if (await isPrepared(o.host)) return false;
    await deps.fs.mkdir(paths.hostStateDir, { recursive: true, mode: 0o755 });
    const steps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry: o.registry, deps });
    await o.backend.prepareHost(o.host, steps);
    await deps.fs.writeFile(paths.hostPreparedMarker, `${o.backend.name}\n`);
    o.host.log.info({ backend: o.backend.name }, 'host prepared');
    return true;
  });
}

async function isPrepared(host: HostContext): Promise<boolean> {
  try {
    await host.deps.fs.access(host.paths.hostPreparedMarker);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
