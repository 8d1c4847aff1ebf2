// tmcd's reply lines are `[TYPE ]KEY=value KEY="quoted value" KEY='quoted'` with no
// escapes inside quotes. Malformed lines raise TMCC_PARSE rather than guess.
import { TmccError } from '../errors.js';

const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;

export interface ParsedRecord {
  /** A leading bare word such as INTERFACE or ADDUSER, if any. */
  type?: string;
  pairs: Array<[string, string]>;
}

function bad(line: string, why: string): TmccError {
  return new TmccError('TMCC_PARSE', `${why} in reply line: ${JSON.stringify(line)}`);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/** Parses one line; a bare word is accepted only in first position (as the record type). */
export function parseRecord(line: string): ParsedRecord {
  const out: ParsedRecord = { pairs: [] };
  let i = 0;
  let first = true;
  while (i < line.length) {
    if (isSpace(line[i])) {
      i++;
      continue;
    }
    KEY.lastIndex = i;
    const m = KEY.exec(line);
    const end = m ? i + m[0].length : i;
    if (m === null || line[end] !== '=') {
      let j = i;
      while (j < line.length && !isSpace(line[j])) j++;
      if (!first || j === i) throw bad(line, 'bare word');
      out.type = line.slice(i, j);
      i = j;
      first = false;
      continue;
    }
    const key = line.slice(i, end);
    let v = end + 1;
    let value: string;
    const q = line[v];
    if (q === '"' || q === "'") {
      const close = line.indexOf(q, v + 1);
      if (close === -1) throw bad(line, 'unterminated quote');
      value = line.slice(v + 1, close);
      v = close + 1;
      if (v < line.length && !isSpace(line[v])) throw bad(line, 'text after closing quote');
    } else {
      let j = v;
      while (j < line.length && !isSpace(line[j])) j++;
      value = line.slice(v, j);
      v = j;
    }
    out.pairs.push([key, value]);
    i = v;
    first = false;
  }
  return out;
}

/** KEY=value pairs of one line, in order (keys may repeat). */
export function parseKeyValues(line: string): Array<[string, string]> {
  const r = parseRecord(line);
  if (r.type !== undefined) throw bad(line, 'bare word');
  return r.pairs;
}

/** Non-empty lines of a reply, without line terminators. */
export function replyLines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

/** Last value per key, for records whose keys do not repeat. */
export function pairsToObject(pairs: ReadonlyArray<[string, string]>): Record<string, string> {
  return Object.fromEntries(pairs);
}
