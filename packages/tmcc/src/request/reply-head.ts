// Decides from the first bytes of a TCP reply whether it is a REDIRECT
// (TMCD-PROTOCOL.md §5), so every reader of replies applies the same rule
// however the network splits the bytes.
import { MYBUFSIZE } from '../constants.js';
import { REDIRECT_PREFIX } from './rewrite-redirect.js';

const PREFIX = Buffer.from(REDIRECT_PREFIX, 'latin1');

// 'reply': pass the bytes on; 'redirect': the head is a REDIRECT line to follow;
// 'undecided': hold the bytes back until more arrive (or EOF).
export type ReplyHead = 'reply' | 'redirect' | 'undecided';

// `head` is everything received so far; `atEof` once the reply has ended.
// Emulab looks at each read chunk; this looks at the start of the reply. A
// REDIRECT line longer than Emulab's read chunk is taken as it stands, and at
// EOF a complete `REDIRECT=` without newline still counts.
export function classifyReplyHead(head: Buffer, atEof: boolean): ReplyHead {
  const n = Math.min(head.length, PREFIX.length);
  if (head.compare(PREFIX, 0, n, 0, n) !== 0) return 'reply';
  if (atEof) return head.length >= PREFIX.length ? 'redirect' : 'reply';
  if (head.length < PREFIX.length) return 'undecided';
  if (head.indexOf(0x0a) === -1 && head.length < MYBUFSIZE) return 'undecided';
  return 'redirect';
}
