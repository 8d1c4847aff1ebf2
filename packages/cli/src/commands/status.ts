// `tbvnode status [--json]`: what this host runs — per vnode, its manager (from
// the pid file and a probe), whether it reported running, and how many journaled
// steps are still in place.
import { isInPlace, listPresentVnodes, readJournal, readManagerState, vnodePaths, mtimeIfExists } from '@tbvnode/core';
import type { Command } from 'commander';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime, type HostRuntime } from '../runtime/host-runtime.js';
import { createCliLogger } from '../runtime/logger.js';
import { resolveSettings } from '../settings/settings.js';
import { guard } from './common.js';

export interface VnodeStatus {
  readonly vnodeId: string;
  readonly jailed: boolean;
  readonly manager: 'running' | 'stale' | 'none' | 'bad-pid-file';
  readonly pid: number | null;
  readonly running: boolean;
  /** The last boot failed and kept the vnode (its disk) until -k. */
  readonly failed: boolean;
  readonly stepsInPlace: number;
}

export function addStatusCommand(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  program
    .command('status')
    .description('list the vnodes on this host and the state of their managers')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      setStatus(
        await guard('tbvnode status', deps, async () => {
          const g = cmd.optsWithGlobals<{ root?: string; backend?: string }>();
          const settings = resolveSettings({ flags: { root: g.root, backend: 'process' }, env: deps.env, platform: deps.platform });
          const rt = createHostRuntime(settings.root, createCliLogger(deps.stderr, false), deps);
          const rows = await collectStatus(rt);
          deps.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
          return 0;
        }),
      );
    });
}

export async function collectStatus(rt: HostRuntime): Promise<VnodeStatus[]> {
  const rows: VnodeStatus[] = [];
  for (const v of await listPresentVnodes(rt.paths, rt.deps)) {
    const paths = vnodePaths(rt.paths, v.vnodeId);
    const manager = await readManagerState(rt.deps, paths.pidFile, v.vnodeId).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'BAD_PID_FILE') return { kind: 'bad-pid-file' as const };
      throw err;
    });
    const journal = await readJournal(rt.deps.fs, paths.journal);
    rows.push({
      vnodeId: v.vnodeId,
      jailed: v.jailed,
      manager: manager.kind,
      pid: manager.kind === 'running' || manager.kind === 'stale' ? manager.pid : null,
      running: (await mtimeIfExists(rt.deps, paths.runningMarker)) !== undefined,
      failed: (await mtimeIfExists(rt.deps, paths.failedMarker)) !== undefined,
      stepsInPlace: journal.records.filter(isInPlace).length,
    });
  }
  return rows;
}

export function formatTable(rows: readonly VnodeStatus[]): string {
  if (rows.length === 0) return 'no vnodes on this host\n';
  const header = ['VNODE', 'KIND', 'MANAGER', 'PID', 'RUNNING', 'FAILED', 'STEPS'];
  const body = rows.map((r) => [
    r.vnodeId, r.jailed ? 'jail' : 'fake', r.manager, r.pid === null ? '-' : String(r.pid), r.running ? 'yes' : 'no', r.failed ? 'yes' : 'no', String(r.stepsInPlace),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}
