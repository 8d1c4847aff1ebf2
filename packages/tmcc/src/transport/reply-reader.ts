// Separates a REDIRECT reply from a normal one without depending on how the
// network splits the bytes.
import { MYBUFSIZE } from '../constants.js';
import { REDIRECT_PREFIX } from '../request/rewrite-redirect.js';

const PREFIX = Buffer.from(REDIRECT_PREFIX, 'latin1');

// Holds back the first bytes of a reply until it is clear whether it is a REDIRECT.
// Emulab looks at each read chunk; we look at the start of the reply, which does not
// depend on how the network splits it.
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
    const n = Math.min(all.length, PREFIX.length);
    if (!all.subarray(0, n).equals(PREFIX.subarray(0, n))) return this.flush(all);
    // A REDIRECT line longer than Emulab's read chunk is taken as it stands.
    if (all.length < PREFIX.length || (all.indexOf(0x0a) === -1 && all.length < MYBUFSIZE)) return true;
    this.redirect = all;
    return false;
  }

  /** At EOF: a complete REDIRECT= line without newline still counts. */
  end(): boolean {
    if (this.passing || this.headLen === 0) return true;
    const all = Buffer.concat(this.head);
    if (all.length >= PREFIX.length) {
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
