// Host preparation: before each boot the first caller (bootvnodes, or a lone
// vnodesetup -b) checks what the marker records against the host as it is now
// (host-record.ts); on any drift it runs the backend's prepareHost again, under
// the host lock with the host journal, and records the result. The prepare
// steps are idempotent: what is still there is adopted, what went is remade.
import type { HostContext, VirtualizationBackend } from '../backend/types.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { BootIdReader } from '../host/boot-id.js';
import { openStepRunner } from '../steps/step-runner.js';
import type { StepRegistry } from '../steps/registry.js';
import { formatHostRecord, hostStepsInPlace, parseHostRecord, preparationDrift, readNetnsId } from './host-record.js';
import { ifExists } from '../toolkit/if-exists.js';

export type WithLock = <T>(fn: () => Promise<T>) => Promise<T>;

// Pure: does the marker's content say "prepared in this boot"? Without a boot id
// reader, the marker's presence is all we can go by.
export function isPreparedThisBoot(markerContent: string | undefined, bootId: string | undefined): boolean {
  if (markerContent === undefined) return false;
  if (bootId === undefined) return true;
  return markerContent.split('\n')[0]?.trim() === bootId;
}

export interface HostCheck {
  readonly host: HostContext;
  readonly backend: VirtualizationBackend;
  readonly bootId?: BootIdReader;
  /** This process's network namespace id (default: /proc/self/ns/net). */
  readonly netns?: () => Promise<string | null>;
}

/** Why the host needs preparing (empty: prepared and verified). Read-only: `tbvnode doctor` uses it too. */
export async function checkHostPrepared(o: HostCheck): Promise<string[]> {
  const { deps, paths } = o.host;
  const text = await readMarker(o.host);
  const marker = text === undefined ? undefined : parseHostRecord(text);
  const now = {
    bootId: o.bootId ? await o.bootId() : undefined,
    backend: o.backend.name,
    netns: await (o.netns ?? (() => readNetnsId(deps)))(),
    stepsInPlace: await hostStepsInPlace(deps, paths.hostJournal),
  };
  const early = preparationDrift(marker, now);
  // The backend's own look (is cbr0 there?) only matters for a marker that otherwise holds.
  if (early.length > 0 || !o.backend.verifyHost) return early;
  return preparationDrift(marker, now, await o.backend.verifyHost(o.host));
}

export async function prepareHostOnce(o: HostCheck & { registry: StepRegistry; withHostLock: WithLock }): Promise<boolean> {
  const { deps, paths } = o.host;
  if ((await checkHostPrepared(o)).length === 0) return false;
  return o.withHostLock(async () => {
    const drift = await checkHostPrepared(o);
    if (drift.length === 0) return false;
    o.host.log.warn({ drift }, 'preparing the host');
    await deps.fs.mkdir(paths.hostStateDir, { recursive: true, mode: 0o755 });
    const steps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry: o.registry, deps });
    await o.backend.prepareHost(o.host, steps);
    const bootId = o.bootId ? await o.bootId() : 'unknown-boot';
    const netns = await (o.netns ?? (() => readNetnsId(deps)))();
    await writeFileAtomic(deps.fs, paths.hostPreparedMarker, formatHostRecord({
      bootId, backend: o.backend.name, netns, steps: await hostStepsInPlace(deps, paths.hostJournal),
    }));
    o.host.log.info({ backend: o.backend.name, bootId, netns }, 'host prepared');
    return true;
  });
}

async function readMarker(host: HostContext): Promise<string | undefined> {
  return ifExists(host.deps.fs.readFile(host.paths.hostPreparedMarker, 'utf8'));
}
