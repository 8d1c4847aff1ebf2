import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../helpers/host.js';

const IDS = ['pcvm1-1', 'pcvm1-2', 'pcvm1-3'];
let host: TestHost;

beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  await host.cleanup();
});

describe('bootvnodes concurrency', () => {
  it('two bootvnodes at once never boot one vnode twice', { timeout: 90_000 }, async () => {
    const [a, b] = await Promise.all([host.run('bootvnodes', ['-f']), host.run('bootvnodes', ['-f'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const id of IDS) expect(host.states(id)).toEqual(['BOOTING', 'ISUP']);
  });

  it('boots several vnodes at once with --concurrency', { timeout: 90_000 }, async () => {
    const r = await host.run('bootvnodes', ['-f', '--concurrency', '3']);
    expect(r.code, r.stderr).toBe(0);
    for (const id of IDS) expect(host.states(id)).toEqual(['BOOTING', 'ISUP']);
  });
});

// Boss's vnodelist decides how many vnodes boot; the host's cap bounds it:
// past --max-vnodes the rest are refused with a clear line, the others boot.
describe('bootvnodes --max-vnodes', () => {
  it('boots the first vnodes up to the cap, refuses the rest by name and exits 1', { timeout: 90_000 }, async () => {
    const r = await host.run('bootvnodes', ['-f', '--max-vnodes', '2']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('boot pcvm1-1: ok');
    expect(r.stdout).toContain('boot pcvm1-2: ok');
    expect(r.stdout).toContain('boot pcvm1-3: refused (this host runs at most 2 vnodes');
    expect(host.states('pcvm1-1')).toEqual(['BOOTING', 'ISUP']);
    expect(host.states('pcvm1-3')).toEqual([]);
  });
});
