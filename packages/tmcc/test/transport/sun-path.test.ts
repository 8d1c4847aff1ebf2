import { describe, expect, it } from 'vitest';
import { checkSunPath, sunPathSize } from '../../src/transport/sun-path.js';

const path = (n: number) => '/' + 'a'.repeat(n - 1);

describe('checkSunPath', () => {
  it.each([
    ['linux', 107, true],
    ['linux', 108, false],
    ['freebsd', 103, true],
    ['freebsd', 104, false],
    ['darwin', 104, false],
    ['sunos', 103, true], // unknown platforms get the smaller limit
  ])('%s, %d bytes -> fits %s', (platform, n, fits) => {
    const r = checkSunPath(path(n), platform);
    expect(r === null).toBe(fits);
    if (!fits) expect(r).toContain(String(sunPathSize(platform) - 1));
  });

  it('counts bytes, not characters', () => {
    expect(checkSunPath('/' + 'é'.repeat(53), 'linux')).toBeNull(); // 107 bytes
    expect(checkSunPath('/' + 'é'.repeat(54), 'linux')).not.toBeNull(); // 109 bytes
  });

  it.each([[''], ['/tmp/a\0b']])('rejects %j', (p) => {
    expect(checkSunPath(p, 'linux')).not.toBeNull();
  });
});
