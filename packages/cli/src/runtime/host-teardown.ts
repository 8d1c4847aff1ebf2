// `tbvnode host teardown`: undo what preparing the host did (bridges, aliases,
// templates — the host journal), newest first, and forget that the host was
// prepared. Refused while any vnode is on the host: they use what it would remove.
import { readFile } from 'node:fs/promises';
import {
  isInPlace,
  listPresentVnodes,
  planUndo,
  readJournal,
  undoJournal,
  type StepRecord,
  type StepRegistry,
} from '@tbvnode/core';
import { CliError } from '../errors/cli-error.js';
import type { CliDeps } from './cli-deps.js';
import { openCliHost, type HostRuntime } from './host-runtime.js';

/** Pure: refuse while vnodes exist, else the steps to undo (newest first). */
export function planHostTeardown(present: readonly string[], records: readonly StepRecord[]): StepRecord[] {
  if (present.length > 0) {
    throw new CliError('HOST_IN_USE', `${present.length} vnode(s) still on this host (${present.join(', ')}): kill them first with \`bootvnodes -f -k\``);
  }
  return planUndo(records.filter(isInPlace), 'kill');
}

export function describeRecord(registry: StepRegistry | undefined, r: StepRecord): string {
  try {
    const d = registry?.get(r.step).describe?.(r.params as never);
    return d ? `${r.step}: ${d}` : r.step;
  } catch (err) {
    void err; // a step type this install does not know: its name is all we can show
    return r.step;
  }
}

// The prepared marker's second line names the backend that prepared the host.
async function preparedBy(rt: HostRuntime): Promise<string | undefined> {
  try {
    return (await readFile(rt.paths.hostPreparedMarker, 'utf8')).split('\n')[1]?.trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function teardownHost(rt: HostRuntime, cli: CliDeps, o: { configuredBackend: string; dryRun: boolean; say: (s: string) => void }): Promise<number> {
  const present = (await listPresentVnodes(rt.paths, rt.deps)).map((v) => v.vnodeId as string);
  const name = (await preparedBy(rt)) ?? o.configuredBackend;
  const host = await openCliHost(rt, cli, { backend: name });
  const registry = host.registry;
  const plan = planHostTeardown(present, (await readJournal(rt.deps.fs, rt.paths.hostJournal)).records);
  if (plan.length === 0) o.say('host teardown: nothing is in place');
  for (const r of plan) o.say(`${o.dryRun ? 'would undo' : 'undo'} ${describeRecord(registry, r)}`);
  if (o.dryRun) return 0;
  await host.withHostLock(async () => {
    await undoJournal({ journalPath: rt.paths.hostJournal, mode: 'kill', registry, deps: rt.deps, scope: 'host' });
    await rt.deps.fs.rm(rt.paths.hostPreparedMarker, { force: true });
  });
  o.say('host teardown: done (the next boot prepares the host again)');
  return 0;
}
