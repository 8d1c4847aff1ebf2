import { describe, expect, it } from 'vitest';
import { foldJournal, journalCounters, parseJournal, recordsToEvents } from '../../src/journal/fold.js';
import type { JournalEvent } from '../../src/journal/types.js';

const at = 1;
const EVENTS: JournalEvent[] = [
  { v: 1, ev: 'session', session: 1, pid: 10, at },
  { v: 1, ev: 'begin', seq: 1, session: 1, step: 'core.mkdir', phase: 'persistent', params: { path: '/x' }, at },
  { v: 1, ev: 'done', seq: 1, result: { created: ['/x'] }, at },
  { v: 1, ev: 'begin', seq: 2, session: 1, step: 'core.startProcess', phase: 'runtime', params: { argv: ['a'] }, at },
  { v: 1, ev: 'progress', seq: 2, result: { pid: 5, startToken: '9' }, at },
  { v: 1, ev: 'begin', seq: 3, session: 1, step: 'core.mount', phase: 'runtime', params: {}, at },
  { v: 1, ev: 'failed', seq: 3, error: { code: 'E', message: 'm' }, at },
  { v: 1, ev: 'undone', seq: 3, at },
  { v: 1, ev: 'undo-failed', seq: 2, error: { code: 'BUSY', message: 'b' }, at },
  { v: 1, ev: 'done', seq: 99, result: null, at },
];

const text = (evs: JournalEvent[]): string => evs.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('journal parsing and folding', () => {
  it('folds events into one record per step, with the last recorded result', () => {
    const recs = foldJournal(EVENTS);
    expect(recs.map((r) => [r.seq, r.status])).toEqual([[1, 'done'], [2, 'undo-failed'], [3, 'undone']]);
    expect(recs[1]?.result).toEqual({ pid: 5, startToken: '9' });
    expect(recs[1]?.error?.code).toBe('BUSY');
    expect(journalCounters(EVENTS)).toEqual({ session: 1, seq: 99 });
  });

  it('ignores a torn last line (a crash mid-write) but refuses a damaged middle line', () => {
    const good = text(EVENTS.slice(0, 3));
    expect(parseJournal(`${good}{"v":1,"ev":"begi`)).toMatchObject({ tornTail: true });
    expect(parseJournal(good).tornTail).toBe(false);
    expect(() => parseJournal(`${good}garbage\n${good}`)).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT', line: 4 }));
    expect(() => parseJournal('{"v":2,"ev":"begin"}\n')).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
    expect(parseJournal('')).toEqual({ events: [], tornTail: false });
  });

  it('compaction events recreate the records still in place', () => {
    const inPlace = foldJournal(EVENTS).filter((r) => r.status !== 'undone');
    expect(foldJournal(recordsToEvents(inPlace, 2))).toEqual(inPlace);
  });
});
