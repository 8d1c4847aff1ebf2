// Turning journal text into step records. Pure: the same function serves the
// live runner and a crash replay by a process that has nothing but the file.
import { TbvnodeError } from '../errors/tbvnode-error.js';
import type { JournalEvent, StepRecord, StepStatus } from './types.js';

class JournalCorruptError extends TbvnodeError {
  declare readonly code: 'JOURNAL_CORRUPT';
  readonly line: number;
  constructor(line: number, cause: unknown) {
    super('JOURNAL_CORRUPT', `journal line ${line} is not a journal event; refusing to guess what it recorded`, { cause });
    this.line = line;
  }
}

export interface ParsedJournal {
  readonly events: JournalEvent[];
  /** The last line was cut short (a crash mid-write): its event never happened. */
  readonly tornTail: boolean;
}

const EVENTS = new Set(['session', 'begin', 'progress', 'done', 'failed', 'undone', 'undo-failed']);

function asEvent(value: unknown): JournalEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { v?: unknown; ev?: unknown };
  return v.v === 1 && typeof v.ev === 'string' && EVENTS.has(v.ev) ? (value as JournalEvent) : null;
}

/**
 * Lines are written whole and fsynced, so only the last one can be torn; a bad
 * line anywhere else means the file was damaged, and guessing could leak or
 * destroy something, so that is an error.
 */
export function parseJournal(text: string): ParsedJournal {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  const events: JournalEvent[] = [];
  let tornTail = false;
  lines.forEach((line, i) => {
    if (line === '') return;
    const isLast = i === lines.length - 1;
    let ev: JournalEvent | null = null;
    let cause: unknown = null;
    try {
      ev = asEvent(JSON.parse(line));
    } catch (err) {
      cause = err;
    }
    if (ev) {
      events.push(ev);
    } else if (isLast && !complete) {
      tornTail = true;
    } else {
      throw new JournalCorruptError(i + 1, cause);
    }
  });
  return { events, tornTail };
}

interface MutableRecord {
  seq: number;
  session: number;
  step: string;
  phase: StepRecord['phase'];
  params: unknown;
  status: StepStatus;
  result: unknown;
  error?: StepRecord['error'];
}

/** One record per begun step, oldest first; events for unknown seqs are ignored. */
export function foldJournal(events: readonly JournalEvent[]): StepRecord[] {
  const bySeq = new Map<number, MutableRecord>();
  for (const ev of events) {
    if (ev.ev === 'session') continue;
    if (ev.ev === 'begin') {
      bySeq.set(ev.seq, {
        seq: ev.seq, session: ev.session, step: ev.step, phase: ev.phase,
        params: ev.params, status: 'begun', result: undefined,
      });
      continue;
    }
    const rec = bySeq.get(ev.seq);
    if (!rec) continue;
    switch (ev.ev) {
      case 'progress':
        rec.result = ev.result;
        break;
      case 'done':
        rec.result = ev.result;
        rec.status = 'done';
        break;
      case 'failed':
        rec.status = 'failed';
        rec.error = ev.error;
        break;
      case 'undone':
        rec.status = 'undone';
        delete rec.error;
        break;
      case 'undo-failed':
        rec.status = 'undo-failed';
        rec.error = ev.error;
        break;
    }
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Highest session and seq numbers the journal has used (0 when none). */
export function journalCounters(events: readonly JournalEvent[]): { session: number; seq: number } {
  let session = 0;
  let seq = 0;
  for (const ev of events) {
    if (ev.ev === 'session' || ev.ev === 'begin') session = Math.max(session, ev.session);
    if ('seq' in ev) seq = Math.max(seq, ev.seq);
  }
  return { session, seq };
}

/** Events that recreate exactly these records (compaction keeps what is still in place). */
export function recordsToEvents(records: readonly StepRecord[], at: number): JournalEvent[] {
  const out: JournalEvent[] = [];
  for (const r of records) {
    out.push({ v: 1, ev: 'begin', seq: r.seq, session: r.session, step: r.step, phase: r.phase, params: r.params, at });
    if (r.status === 'done') out.push({ v: 1, ev: 'done', seq: r.seq, result: r.result, at });
    else if (r.result !== undefined) out.push({ v: 1, ev: 'progress', seq: r.seq, result: r.result, at });
    if (r.status === 'failed' && r.error) out.push({ v: 1, ev: 'failed', seq: r.seq, error: r.error, at });
    if (r.status === 'undo-failed' && r.error) out.push({ v: 1, ev: 'undo-failed', seq: r.seq, error: r.error, at });
  }
  return out;
}
