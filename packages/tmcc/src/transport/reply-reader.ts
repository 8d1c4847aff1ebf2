// Separates a REDIRECT reply from a normal one without depending on how the
// network splits the bytes.
import { classifyReplyHead } from '../request/reply-head.js';

// Holds back the first bytes of a reply until it is clear whether it is a
// REDIRECT (the rule is classifyReplyHead's).
export class ReplyReader {
  private head: Buffer[] = [];
  private headLen = 0;
  private passing = false;
  redirect: Buffer | undefined;

  constructor(private readonly deliver: (chunk: Buffer) => boolean) {}

  push(chunk: Buffer): boolean {
    if (this.passing) return this.deliver(chunk);
    this.head.push(chunk);
    this.headLen += chunk.length;
    const all = Buffer.concat(this.head);
    const kind = classifyReplyHead(all, false);
    if (kind === 'reply') return this.flush(all);
    if (kind === 'undecided') return true;
    this.redirect = all;
    return false;
  }

  /** At EOF: a complete REDIRECT= line without newline still counts. */
  end(): boolean {
    if (this.passing || this.headLen === 0) return true;
    const all = Buffer.concat(this.head);
    if (classifyReplyHead(all, true) === 'redirect') {
      this.redirect = all;
      return true;
    }
    return this.flush(all);
  }

  private flush(all: Buffer): boolean {
    this.passing = true;
    this.head = [];
    return this.deliver(all);
  }
}
