// What host preparation records, and how it is checked before each boot. The
// marker's first two lines stay what they were (boot id, backend); a third holds
// the facts that tell a host prepared *here* from one that only looks prepared:
// the network namespace it was prepared in and the host journal's steps. Drift
// (another backend's marker, another namespace, a step undone, or what the
// backend itself finds missing, such as a deleted cbr0) means: prepare again.
import { isInPlace } from '../journal/plan-undo.js';
import { readJournal } from '../journal/journal-file.js';
import type { CoreDeps } from '../deps.js';
import { ifExists } from '../toolkit/if-exists.js';

export interface HostRecord {
  readonly bootId: string;
  readonly backend: string;
  /** dev:inode of the network namespace prepared (Linux); null where there is none to tell. */
  readonly netns: string | null;
  /** Host journal steps in place when preparation finished. */
  readonly steps: readonly number[];
}

export function formatHostRecord(r: HostRecord): string {
  return `${r.bootId}\n${r.backend}\n${JSON.stringify({ netns: r.netns, steps: r.steps })}\n`;
}

/** The marker's content; a marker from an older tbvnode has no third line (netns undefined). Pure. */
export function parseHostRecord(text: string): Partial<HostRecord> & { readonly bootId: string } | null {
  const [bootId, backend, facts] = text.split('\n');
  if (!bootId) return null;
  let parsed: { netns?: unknown; steps?: unknown } = {};
  if (facts) {
    try {
      parsed = JSON.parse(facts) as typeof parsed;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  return {
    bootId: bootId.trim(),
    ...(backend ? { backend: backend.trim() } : {}),
    ...(typeof parsed.netns === 'string' || parsed.netns === null ? { netns: parsed.netns } : {}),
    ...(Array.isArray(parsed.steps) && parsed.steps.every((s) => typeof s === 'number') ? { steps: parsed.steps as number[] } : {}),
  };
}

/**
 * Why the host is not prepared as `now` needs it; empty when it is. `now.bootId`
 * undefined: the platform cannot tell boots apart (presence then counts). Pure.
 */
export function preparationDrift(
  marker: ReturnType<typeof parseHostRecord> | undefined,
  now: { readonly bootId: string | undefined; readonly backend: string; readonly netns: string | null; readonly stepsInPlace: readonly number[] },
  backendDrift: readonly string[] = [],
): string[] {
  if (marker === undefined || marker === null) return ['the host is not prepared'];
  if (now.bootId !== undefined && marker.bootId !== now.bootId) return ['prepared in an earlier boot'];
  const out: string[] = [];
  if (marker.backend !== now.backend) out.push(`prepared for backend ${marker.backend ?? '(unknown)'}, not ${now.backend}`);
  if (marker.netns === undefined || marker.steps === undefined) out.push('the marker is from an older tbvnode and records too little to verify');
  else {
    if (marker.netns !== now.netns) out.push(`prepared in network namespace ${marker.netns ?? '(none)'}, this is ${now.netns ?? '(none)'}`);
    const gone = marker.steps.filter((s) => !now.stepsInPlace.includes(s));
    if (gone.length > 0) out.push(`host journal steps ${gone.join(', ')} are no longer in place`);
  }
  return [...out, ...backendDrift];
}

/** dev:inode of this process's network namespace; null where /proc has none (FreeBSD). */
export async function readNetnsId(deps: Pick<CoreDeps, 'fs'>, file = '/proc/self/ns/net'): Promise<string | null> {
  const st = await ifExists(deps.fs.stat(file));
  return st === undefined ? null : `${st.dev}:${st.ino}`;
}

export async function hostStepsInPlace(deps: Pick<CoreDeps, 'fs'>, journal: string): Promise<number[]> {
  return (await readJournal(deps.fs, journal)).records.filter(isInPlace).map((r) => r.seq);
}
