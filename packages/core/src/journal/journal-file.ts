// The journal on disk: append one JSON line per event, fsynced before the caller
// goes on (intent is durable before apply runs); rewrite atomically to compact.
import path from 'node:path';
import type { CoreFs } from '../deps.js';
import { foldJournal, journalCounters, parseJournal, recordsToEvents } from './fold.js';
import type { JournalEvent, StepRecord } from './types.js';
import { ifExists } from '../toolkit/if-exists.js';

type Fs = Pick<CoreFs, 'open' | 'readFile' | 'rename' | 'unlink' | 'mkdir'>;

// Directory fsync makes a create/rename durable. Some file systems refuse it;
// then there is nothing more we can do, and the data fsync still happened.
async function syncDir(fs: Fs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EBADF' && code !== 'EISDIR' && code !== 'ENOTSUP') throw err;
  } finally {
    await handle.close();
  }
}

async function readJournalText(fs: Pick<CoreFs, 'readFile'>, file: string): Promise<string> {
  return ifExists(fs.readFile(file, 'utf8'), '');
}

export interface JournalSnapshot {
  readonly events: JournalEvent[];
  readonly records: StepRecord[];
  readonly session: number;
  readonly seq: number;
  readonly tornTail: boolean;
}

export async function readJournal(fs: Pick<CoreFs, 'readFile'>, file: string): Promise<JournalSnapshot> {
  const { events, tornTail } = parseJournal(await readJournalText(fs, file));
  return { events, records: foldJournal(events), ...journalCounters(events), tornTail };
}

/** Append events and fsync; creates the file (and fsyncs its directory) on first use. */
export async function appendJournal(fs: Fs, file: string, events: readonly JournalEvent[]): Promise<void> {
  const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  const handle = await fs.open(file, 'a', 0o600);
  let created = false;
  try {
    created = (await handle.stat()).size === 0;
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDir(fs, path.dirname(file));
}

/**
 * Replace the journal with just `keep` (records still in place), atomically:
 * temp file, fsync, rename, fsync dir. With nothing to keep the journal is removed.
 * A session marker keeps session numbers increasing across compactions.
 */
export async function compactJournal(
  fs: Fs, file: string, keep: readonly StepRecord[], session: number, now: number,
): Promise<void> {
  if (keep.length === 0) {
    await ifExists(fs.unlink(file));
    await syncDir(fs, path.dirname(file));
    return;
  }
  const tmp = `${file}.compact-${process.pid}`;
  const events: JournalEvent[] = [
    { v: 1, ev: 'session', session, pid: process.pid, at: now },
    ...recordsToEvents(keep, now),
  ];
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await syncDir(fs, path.dirname(file));
}
