// Host preparation happens once per host boot: the first caller (bootvnodes, or
// a lone vnodesetup -b) runs the backend's prepareHost under the host lock with
// its own journal; everyone after sees the marker and goes on. The marker holds
// the boot id, so a test root whose var/run survives a reboot is prepared again.
import type { HostContext, VirtualizationBackend } from '../backend/types.js';
import type { BootIdReader } from '../host/boot-id.js';
import { openStepRunner } from '../steps/step-runner.js';
import type { StepRegistry } from '../steps/registry.js';

export type WithLock = <T>(fn: () => Promise<T>) => Promise<T>;

// Pure: does the marker's content say "prepared in this boot"? Without a boot id
// reader, the marker's presence is all we can go by.
export function isPreparedThisBoot(markerContent: string | undefined, bootId: string | undefined): boolean {
  if (markerContent === undefined) return false;
  if (bootId === undefined) return true;
  return markerContent.split('\n')[0]?.trim() === bootId;
}

export async function prepareHostOnce(o: {
  host: HostContext;
  backend: VirtualizationBackend;
  registry: StepRegistry;
  withHostLock: WithLock;
  bootId?: BootIdReader;
}): Promise<boolean> {
  const { deps, paths } = o.host;
  const bootId = o.bootId ? await o.bootId() : undefined;
  const prepared = async () => isPreparedThisBoot(await readMarker(o.host), bootId);
  if (await prepared()) return false;
  return o.withHostLock(async () => {
    if (await prepared()) return false;
    await deps.fs.mkdir(paths.hostStateDir, { recursive: true, mode: 0o755 });
    const steps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry: o.registry, deps });
    await o.backend.prepareHost(o.host, steps);
    await deps.fs.writeFile(paths.hostPreparedMarker, `${bootId ?? 'unknown-boot'}\n${o.backend.name}\n`);
    o.host.log.info({ backend: o.backend.name, bootId }, 'host prepared');
    return true;
  });
}

async function readMarker(host: HostContext): Promise<string | undefined> {
  try {
    return await host.deps.fs.readFile(host.paths.hostPreparedMarker, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
