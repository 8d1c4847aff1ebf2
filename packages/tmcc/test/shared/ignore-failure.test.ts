import { describe, expect, it } from 'vitest';
import { ignoreFailure } from '../../src/shared/ignore-failure.js';

describe('ignoreFailure', () => {
  it('gives the value of what succeeded', async () => {
    expect(await ignoreFailure(Promise.resolve(1), 0, 'test')).toBe(1);
    expect(ignoreFailure(() => 2, 0, 'test')).toBe(2);
  });
  it('gives the fallback for whatever failed', async () => {
    expect(await ignoreFailure(Promise.reject(new Error('x')), 'fallback', 'test')).toBe('fallback');
    expect(ignoreFailure(() => JSON.parse('{torn') as unknown, undefined, 'test')).toBeUndefined();
  });
});
