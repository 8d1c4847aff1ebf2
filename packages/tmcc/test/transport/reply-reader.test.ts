import { describe, expect, it } from 'vitest';
import { ReplyReader } from '../../src/transport/reply-reader.js';

function feed(chunks: string[]): { delivered: string; redirect: string | undefined; stoppedAt: number } {
  const out: Buffer[] = [];
  const r = new ReplyReader((c) => {
    out.push(c);
    return true;
  });
  let stoppedAt = -1;
  for (const [i, c] of chunks.entries()) {
    if (!r.push(Buffer.from(c))) {
      stoppedAt = i;
      break;
    }
  }
  if (stoppedAt === -1) r.end();
  return { delivered: Buffer.concat(out).toString(), redirect: r.redirect?.toString(), stoppedAt };
}

describe('ReplyReader', () => {
  it.each([
    [['REDIRECT=10.0.0.1\n'], '', 'REDIRECT=10.0.0.1\n', 0],
    [['RED', 'IRECT=10.0', '.0.1\n'], '', 'REDIRECT=10.0.0.1\n', 2],
    [['REDIRECT=10.0.0.1'], '', 'REDIRECT=10.0.0.1', -1],
    [['REDIR'], 'REDIR', undefined, -1],
    [['R', 'EDX', 'more'], 'REDXmore', undefined, -1],
    [['pcvm1-1\n', 'REDIRECT=x\n'], 'pcvm1-1\nREDIRECT=x\n', undefined, -1],
    [[''], '', undefined, -1],
  ])('%j', (chunks, delivered, redirect, stoppedAt) => {
    expect(feed(chunks)).toEqual({ delivered, redirect, stoppedAt });
  });
});
