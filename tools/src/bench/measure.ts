// Small measuring helpers for the benchmarks: a bounded-concurrency pool,
// proportional memory (PSS) of process trees, CPU time of a process, and timing.
import { readFile } from 'node:fs/promises';
import { descendants, listProcesses } from '@tbvnode/test-host';
import { ifExists } from '@tbvnode/core';

export async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
}

/** PSS in kB (shared pages split between their users), 0 for a vanished process. */
export async function pssKb(pid: number): Promise<number> {
  const text = await ifExists(readFile(`/proc/${pid}/smaps_rollup`, 'utf8'), '', ['ESRCH', 'EACCES']);
  return Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
}

/** Total PSS of the given pids and everything below them. */
export async function treePssKb(roots: readonly number[]): Promise<{ kb: number; processes: number }> {
  const procs = await listProcesses();
  const pids = descendants(procs, new Set(roots));
  let kb = 0;
  for (const pid of pids) kb += await pssKb(pid);
  return { kb, processes: pids.length };
}

/** CPU time (user + system, ms) a live process has used itself, 0 for a vanished one. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await ifExists(readFile(`/proc/${pid}/stat`, 'utf8'), null, ['ESRCH']);
  if (stat === null) return 0;
  // Fields after the command name; utime and stime are the 12th and 13th of them.
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

// USER_HZ: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
