// mounts: an optional `FSTYPE=<type>` line, then `REMOTE=<host:path> LOCAL=<path>` lines.
// Anything else (SFS lines, unknown records) goes to onSkip.
import { TmccError } from '../errors.js';
import { pairsToObject, parseRecord, replyLines } from './key-values.js';

export interface MountsReply {
  fsType?: string;
  mounts: Array<{ remote: string; local: string }>;
}

export function parseMounts(text: string, onSkip?: (line: string) => void): MountsReply {
  const out: MountsReply = { mounts: [] };
  for (const line of replyLines(text)) {
    const rec = parseRecord(line);
    const f = pairsToObject(rec.pairs);
    if (rec.type === undefined && f['FSTYPE'] !== undefined && rec.pairs.length === 1) {
      out.fsType = f['FSTYPE'];
    } else if (rec.type === undefined && f['REMOTE'] !== undefined) {
      if (!f['LOCAL'] || !f['REMOTE']) throw new TmccError('TMCC_PARSE', `mount without REMOTE/LOCAL: ${JSON.stringify(line)}`);
      out.mounts.push({ remote: f['REMOTE'], local: f['LOCAL'] });
    } else {
      onSkip?.(line);
    }
  }
  return out;
}
