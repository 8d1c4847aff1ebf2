import { describe, expect, it } from 'vitest';
import { statState } from '../../src/start/running.js';

describe('statState', () => {
  it.each([
    ['123 (sleep) S 1 123 123 0', 'S'],
    ['9 (node) Z 1 9 9 0', 'Z'],
    // comm may hold spaces and parentheses: the state follows the last ")".
    ['77 (a b) c)) R 1 77', 'R'],
    ['garbage', null],
  ])('%s -> %s', (line, st) => expect(statState(line)).toBe(st));
});
