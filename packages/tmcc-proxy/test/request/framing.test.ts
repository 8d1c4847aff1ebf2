import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '@tbvnode/tmcc';
import { frameState } from '../../src/request/framing.js';

const SP = 0x20;
const A = 0x61;

describe('frameState', () => {
  it.each([
    // [received, last byte, ended, state]
    [11, SP, false, 'complete'], // one chunk ending in a space: at once
    [10, A, false, 'incomplete'], // wait for EOF or the idle window
    [10, A, true, 'complete'],
    [0, undefined, true, 'complete'],
    [0, undefined, false, 'incomplete'],
    [MAX_REQUEST_BYTES, A, false, 'complete'],
    [MAX_REQUEST_BYTES + 1, SP, false, 'too-large'],
    [MAX_REQUEST_BYTES + 1, A, true, 'too-large'],
  ] as const)('%d bytes, last %s, ended %s -> %s', (n, last, ended, state) => {
    expect(frameState(n, last, ended)).toBe(state);
  });

  it('keeps the tmcd limit of 16383 bytes', () => {
    expect(MAX_REQUEST_BYTES).toBe(16383);
  });
});
