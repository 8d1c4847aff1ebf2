import { describe, expect, it } from 'vitest';
import { describeUnknownOptions, nearestKey, unknownOptions } from '../../src/backend/option-keys.js';

const KNOWN = ['memoryMb', 'cpus', 'pids', 'cgroupParent', 'startTimeoutMs'];

describe('unknownOptions', () => {
  it.each([
    [{ memoryMB: 512 }, [{ key: 'memoryMB', suggestion: 'memoryMb' }]],
    [{ cgroupparent: 'x' }, [{ key: 'cgroupparent', suggestion: 'cgroupParent' }]],
    [{ cpu: 1 }, [{ key: 'cpu', suggestion: 'cpus' }]],
    [{ startTimeout: 5 }, [{ key: 'startTimeout', suggestion: 'startTimeoutMs' }]],
    [{ frobnicate: true }, [{ key: 'frobnicate' }]],
    [{ memoryMb: 1, pids: 2 }, []],
    [{ bogus: undefined }, []],
  ])('%j', (options, expected) => expect(unknownOptions(options, KNOWN)).toEqual(expected));
});

describe('nearestKey', () => {
  it('suggests nothing for a word far from every key', () => expect(nearestKey('x', ['memoryMb'])).toBeUndefined());
});

describe('describeUnknownOptions', () => {
  it('names the key, the likely one and the known ones', () => {
    expect(describeUnknownOptions([{ key: 'memoryMB', suggestion: 'memoryMb' }], ['pids', 'memoryMb'])).toBe(
      'unknown option "memoryMB" (did you mean "memoryMb"?); known options: memoryMb, pids',
    );
  });
});
