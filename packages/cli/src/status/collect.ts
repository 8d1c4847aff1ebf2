// Gathers what `tbvnode status` shows from the files tbvnode keeps (pid files,
// journals, the manager logs, the tmcc cache, the last bootvnodes summary).
// Read only: it never changes, signals or removes anything.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInPlace, listPresentVnodes, readJournal, readManagerState, vnodePaths, type StepRecord, type VnodeRef, type VnodeState } from '@tbvnode/core';
import { readTail } from '../logs/read-tail.js';
import { readSummary, type BootSummary } from '../runtime/boot-summary.js';
import type { HostRuntime } from '../runtime/host-runtime.js';
import { managerLogFacts } from './manager-log-facts.js';
import { vnodeBackend, vnodeRow, type VnodeFacts, type VnodeRow } from './vnode-row.js';

/** Asks the named backend for its view of a vnode (its state()). */
export type AskBackend = (backend: string, vnode: VnodeRef) => Promise<VnodeState>;

export const STATUS_VERSION = 1;

export interface HostStatus {
  readonly root: string;
  readonly backend: string;
  readonly preparedAt: string | null;
  // In-place host steps: "linux.bridge cbr0", "linux.var-template".
  readonly hostSteps: readonly string[];
  readonly lastBootvnodes: { readonly finishedAt: string; readonly ok: number; readonly failed: number; readonly file: string } | null;
}

export interface StatusReport {
  readonly version: typeof STATUS_VERSION;
  readonly host: HostStatus;
  readonly vnodes: readonly VnodeRow[];
}

async function textOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function describeStep(r: StepRecord): string {
  const name = (r.params as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? `${r.step} ${name}` : r.step;
}

export async function collectStatus(
  rt: HostRuntime, o: { configuredBackend: string; only?: string; now: number; askBackend: AskBackend },
): Promise<StatusReport> {
  const summary = await readSummary(rt.paths);
  const present = await listPresentVnodes(rt.paths, rt.deps);
  const ids = new Map(present.map((v) => [v.vnodeId as string, v.jailed]));
  // Vnodes whose failed boot removed their config dir still show, from the summary.
  for (const v of summary?.vnodes ?? []) if (v.status !== 0 && !ids.has(v.vnodeId)) ids.set(v.vnodeId, true);
  const rows: VnodeRow[] = [];
  for (const [id, jailed] of [...ids].sort(([a], [b]) => a.localeCompare(b))) {
    if (o.only !== undefined && id !== o.only) continue;
    rows.push(vnodeRow(await vnodeFacts(rt, id, jailed, ids.size > 0 && present.some((p) => p.vnodeId === id), summary, o)));
  }
  const hostJournal = await readJournal(rt.deps.fs, rt.paths.hostJournal);
  const preparedAt = await mtime(rt.paths.hostPreparedMarker);
  return {
    version: STATUS_VERSION,
    host: {
      root: rt.paths.root,
      backend: o.configuredBackend,
      preparedAt: preparedAt === undefined ? null : new Date(preparedAt).toISOString(),
      hostSteps: hostJournal.records.filter(isInPlace).map(describeStep),
      lastBootvnodes: summary
        ? { finishedAt: summary.finishedAt, ok: summary.ok, failed: summary.failed, file: path.join(rt.paths.logsDir, 'bootvnodes.summary.json') }
        : null,
    },
    vnodes: rows,
  };
}

async function vnodeFacts(
  rt: HostRuntime, id: string, jailed: boolean, present: boolean, summary: BootSummary | undefined,
  o: { configuredBackend: string; now: number; askBackend: AskBackend },
): Promise<VnodeFacts> {
  const paths = vnodePaths(rt.paths, id);
  const manager = await readManagerState(rt.deps, paths.pidFile, id).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'BAD_PID_FILE') return { kind: 'bad-pid-file' as const };
    throw err;
  });
  const journal = await readJournal(rt.deps.fs, paths.journal);
  const inPlace = journal.records.filter(isInPlace);
  // The vnode's own backend (not the configured one) says what it sees; status still shows the rest if it cannot.
  const backendView = await o.askBackend(vnodeBackend(inPlace, jailed, o.configuredBackend), { id: paths.id, paths, deps: rt.deps }).then(
    (state) => ({ state }),
    (err: unknown) => ({ error: (err as Error).message }),
  );
  const failure = summary?.vnodes.find((v) => v.vnodeId === id && v.status !== 0);
  const runningSince = await mtime(paths.runningMarker);
  const failedAt = await mtime(paths.failedMarker);
  const failedWhy = failedAt === undefined ? undefined : await textOrUndefined(paths.failedMarker);
  const jailconfig = await textOrUndefined(path.join(paths.tmccCacheDir, 'jailconfig'));
  const ifconfig = await textOrUndefined(path.join(paths.tmccCacheDir, 'ifconfig'));
  return {
    vnodeId: id,
    jailed,
    configuredBackend: o.configuredBackend,
    present,
    manager: manager.kind === 'running' || manager.kind === 'stale' ? { kind: manager.kind, pid: manager.pid } : { kind: manager.kind },
    ...(runningSince === undefined ? {} : { runningSince }),
    inPlace,
    backendView,
    log: managerLogFacts((await readTail(paths.managerLog)) ?? ''),
    logFile: paths.managerLog,
    ...(jailconfig === undefined ? {} : { jailconfig }),
    ...(ifconfig === undefined ? {} : { ifconfig }),
    ...(failedAt === undefined ? {} : { failedMarker: { at: failedAt, reason: (failedWhy ?? '').trim() || 'boot failed' } }),
    ...(failure ? { summaryFailure: { at: Date.parse(summary?.finishedAt ?? '') || 0, ...(failure.reason ? { reason: failure.reason } : {}) } } : {}),
    initAlive: (pid) => rt.deps.proc.isAlive(pid),
    now: o.now,
  };
}
