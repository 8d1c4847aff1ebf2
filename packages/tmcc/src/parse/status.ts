// status: `FREE`, or `ALLOCATED=<pid>/<eid> NICKNAME=<name>`. An empty reply is
// how tmcd says "I do not know you", so it is an error here.
import { TmccError } from '../errors.js';
import { pairsToObject, parseKeyValues, replyLines } from './key-values.js';

export type StatusReply = { allocated: false } | { allocated: true; pid: string; eid: string; nickname?: string };

export function parseStatus(text: string): StatusReply {
  const line = replyLines(text)[0];
  if (line === undefined) throw new TmccError('TMCC_PARSE', 'empty status reply (unknown node?)');
  if (line.trim() === 'FREE') return { allocated: false };
  const f = pairsToObject(parseKeyValues(line));
  const m = /^([-\w]+)\/([-\w]+)$/.exec(f['ALLOCATED'] ?? '');
  if (!m?.[1] || !m[2]) throw new TmccError('TMCC_PARSE', `bad status reply: ${JSON.stringify(line)}`);
  const nick = f['NICKNAME'];
  return nick ? { allocated: true, pid: m[1], eid: m[2], nickname: nick } : { allocated: true, pid: m[1], eid: m[2] };
}
