// What the last bootvnodes run did, per vnode, kept in var/emulab/logs so a
// background run's failures are found later (`tbvnode status` shows them).
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { ifExists, writeFileAtomic, type CoreFs, type HostPaths } from '@tbvnode/core';
import { ignoreFailure } from '@tbvnode/tmcc';

export const SUMMARY_VERSION = 1;

export interface VnodeOutcome {
  readonly vnodeId: string;
  readonly action: string;
  readonly status: number;
  readonly elapsedMs: number;
  // Why it failed (the manager log's last error), when it did.
  readonly reason?: string;
  readonly log: string;
}

export interface BootSummary {
  readonly version: typeof SUMMARY_VERSION;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly exitCode: number;
  readonly ok: number;
  readonly failed: number;
  readonly vnodes: readonly VnodeOutcome[];
}

export function summaryFile(paths: HostPaths): string {
  return path.join(paths.logsDir, 'bootvnodes.summary.json');
}

/** Pure. */
export function buildSummary(startedAt: number, finishedAt: number, exitCode: number, vnodes: readonly VnodeOutcome[]): BootSummary {
  const failed = vnodes.filter((v) => v.status !== 0).length;
  return {
    version: SUMMARY_VERSION,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    exitCode,
    ok: vnodes.length - failed,
    failed,
    vnodes,
  };
}

/** Pure: the operator's line for one finished action. */
export function outcomeLine(o: VnodeOutcome): string {
  const secs = `${(o.elapsedMs / 1000).toFixed(1)}s`;
  if (o.status === 0) return `${o.action} ${o.vnodeId}: ok (${secs})`;
  return `${o.action} ${o.vnodeId}: failed (${o.status}, ${secs}): ${o.reason ?? 'no error in its log'} — log: ${o.log}`;
}

export async function writeSummary(fs: Pick<CoreFs, 'open' | 'rename' | 'rm' | 'mkdir'>, paths: HostPaths, s: BootSummary): Promise<void> {
  await fs.mkdir(paths.logsDir, { recursive: true });
  await writeFileAtomic(fs, summaryFile(paths), `${JSON.stringify(s, null, 2)}\n`);
}

export async function readSummary(paths: HostPaths): Promise<BootSummary | undefined> {
  const text = await ifExists(readFile(summaryFile(paths), 'utf8'));
  if (text === undefined) return undefined;
  return ignoreFailure(() => {
    const s = JSON.parse(text) as BootSummary;
    return s.version === SUMMARY_VERSION && Array.isArray(s.vnodes) ? s : undefined;
  }, undefined, 'a torn or foreign file: as if there were none');
}
