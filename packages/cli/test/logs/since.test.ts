import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/logs/since.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
describe('parseSince', () => {
  it.each([
    ['30s', NOW - 30_000], ['10m', NOW - 600_000], ['2h', NOW - 7_200_000], ['1d', NOW - 86_400_000], ['1.5h', NOW - 5_400_000],
    ['2026-12-02T11:00:00Z', Date.UTC(2026, 11, 2, 11)],
  ])('%s', (v, want) => {
    expect(parseSince(v, NOW)).toBe(want);
  });
  it('refuses what it cannot read, as a usage error', () => {
    expect(() => parseSince('soon', NOW)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
