// Every option the parser reads must be a known key, or the unknown-key check
// refuses what the parser would have used (it did: the rctl limits, busyWaitMs
// and isupFromJail were all refused after the check landed).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FREEBSD_OPTION_KEYS, parseFreebsdOptions } from '../../src/backend/options.js';

describe('freebsd-jail option keys', () => {
  it('knows every key options.ts reads', async () => {
    const src = await readFile(new URL('../../src/backend/options.ts', import.meta.url), 'utf8');
    const read = new Set([...src.matchAll(/\(o, '(\w+)'/g), ...src.matchAll(/o\['(\w+)'\]/g)].map((m) => m[1] as string));
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((k) => !FREEBSD_OPTION_KEYS.includes(k))).toEqual([]);
  });

  it('accepts the rctl limits and the dying-jail wait', () => {
    expect(() => parseFreebsdOptions({ memoryLimitMb: 256, maxProcs: 100, cpuPercent: 50, busyWaitMs: 1000, isupFromJail: 'false' })).not.toThrow();
  });
});
