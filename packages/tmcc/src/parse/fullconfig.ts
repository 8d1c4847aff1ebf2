// fullconfig: sections `*** <cmd>` ... `*** <cmd>`; lines outside sections are
// ignored (as Emulab does). A section still open at the end means a cut-off reply
// and raises TMCC_PARSE instead of caching half an answer.
import { TmccError } from '../errors.js';

const OPEN = /^\*\*\* ([-\w]+)$/;

export function splitFullconfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    const bare = line.replace(/\n$/, '');
    if (current === undefined) {
      const m = OPEN.exec(bare);
      if (m?.[1] !== undefined) {
        current = m[1];
        body = [];
      }
      continue;
    }
    if (bare === `*** ${current}`) {
      // A repeated section replaces the earlier one, as rewriting the file would.
      out.set(current, body.join(''));
      current = undefined;
      continue;
    }
    body.push(line);
  }
  if (current !== undefined) throw new TmccError('TMCC_PARSE', `fullconfig: section '${current}' not closed`);
  return out;
}
