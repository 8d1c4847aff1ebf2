import { describe, expect, it } from 'vitest';
import { MYBUFSIZE } from '../../src/constants.js';
import { classifyReplyHead, type ReplyHead } from '../../src/request/reply-head.js';

const long = (n: number): string => `REDIRECT=${'h'.repeat(n - 'REDIRECT='.length)}`;

describe('classifyReplyHead', () => {
  it.each<[string, boolean, ReplyHead]>([
    ['', false, 'undecided'],
    ['', true, 'reply'],
    ['pcvm1-1\n', false, 'reply'],
    ['R', false, 'undecided'],
    ['R', true, 'reply'],
    ['REDX', false, 'reply'],
    ['REDIRECT', false, 'undecided'],
    ['REDIRECT', true, 'reply'],
    ['REDIRECT=', false, 'undecided'],
    ['REDIRECT=', true, 'redirect'],
    ['REDIRECT=10.0.0.1', false, 'undecided'],
    ['REDIRECT=10.0.0.1', true, 'redirect'],
    ['REDIRECT=10.0.0.1\n', false, 'redirect'],
    ['REDIRECT=10.0.0.1:pcvm2-1\nmore', false, 'redirect'],
    ['redirect=10.0.0.1\n', false, 'reply'],
    [' REDIRECT=10.0.0.1\n', false, 'reply'],
    [long(MYBUFSIZE - 1), false, 'undecided'],
    [long(MYBUFSIZE), false, 'redirect'],
  ])('%j at EOF %s -> %s', (head, atEof, want) => {
    expect(classifyReplyHead(Buffer.from(head, 'latin1'), atEof)).toBe(want);
  });
});
