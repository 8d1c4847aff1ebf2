import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveBoss } from '../../src/boss/resolve-boss.js';
import { isTmccError } from '../../src/errors.js';
import { makeRoot } from '../helpers/cli.js';

let root: Awaited<ReturnType<typeof makeRoot>>;
beforeEach(async () => {
  root = await makeRoot();
});
afterEach(async () => {
  await root.cleanup();
});

// Fake resolver: names map to addresses; nothing leaves the machine.
const names: Record<string, string> = { 'boss.test': '10.0.0.1', 'ns-name.test': '10.0.0.2', 'file-boss.test': '10.0.0.3' };
const deps = {
  lookup: async (n: string) => {
    const a = names[n];
    if (a === undefined) throw new Error(`no such name ${n}`);
    return a;
  },
  reverse: async (a: string) => {
    if (a === '10.9.9.9') return 'ns-name.test';
    throw new Error('no PTR');
  },
};

async function resolve(p: { env?: Record<string, string>; server?: string; port?: number }) {
  return resolveBoss({ root: root.root, env: p.env ?? {}, server: p.server, port: p.port, deps });
}

describe('resolveBoss', () => {
  it('-s wins and keeps both default ports', async () => {
    await root.put('etc/emulab/bossnode', 'file-boss.test:99\n');
    expect(await resolve({ server: 'boss.test', env: { BOSSNAME: 'x:1' } })).toEqual({ name: 'boss.test', address: '10.0.0.1', ports: [7777, 14447] });
  });
  it('-p replaces the port list', async () => {
    expect((await resolve({ server: 'boss.test', port: 4000 })).ports).toEqual([4000]);
  });
  it('BOSSNAME host:port gives one port; -p still wins', async () => {
    expect(await resolve({ env: { BOSSNAME: 'boss.test:8000' } })).toEqual({ name: 'boss.test', address: '10.0.0.1', ports: [8000] });
    expect((await resolve({ env: { BOSSNAME: 'boss.test:8000' }, port: 9 })).ports).toEqual([9]);
  });
  it('refuses a non-numeric port in BOSSNAME', async () => {
    await expect(resolve({ env: { BOSSNAME: 'boss.test:http' } })).rejects.toMatchObject({ code: 'TMCC_CONFIG' });
  });
  it('reads the first readable bossnode file, first line only', async () => {
    await root.put('usr/local/etc/testbed/bossnode', 'file-boss.test\nboss.test\n');
    await root.put('usr/local/etc/emulab/bossnode', 'boss.test\n');
    expect(await resolve({})).toEqual({ name: 'file-boss.test', address: '10.0.0.3', ports: [7777, 14447] });
  });
  it('an empty bossnode file stops the search and falls back to the resolver', async () => {
    await root.put('etc/testbed/bossnode', '');
    await root.put('etc/emulab/bossnode', 'boss.test\n');
    await root.put('etc/resolv.conf', '# comment\nsearch test\nnameserver 10.9.9.9\nnameserver 10.8.8.8\n');
    expect((await resolve({})).name).toBe('ns-name.test');
  });
  it('with no reverse name the boss is UNKNOWN, which does not resolve', async () => {
    await root.put('etc/resolv.conf', 'nameserver 10.8.8.8\n');
    const err: unknown = await resolve({}).catch((e: unknown) => e);
    expect(isTmccError(err) && err.code).toBe('TMCC_RESOLVE');
    expect((err as Error).message).toBe('gethostbyname(UNKNOWN) failed');
  });
  it('without resolv.conf the boss is UNKNOWN too', async () => {
    await expect(resolve({})).rejects.toThrow('gethostbyname(UNKNOWN) failed');
  });
  it('resolves an address literal with the real resolver', async () => {
    expect(await resolveBoss({ root: root.root, env: {}, server: '127.0.0.1' })).toEqual({ name: '127.0.0.1', address: '127.0.0.1', ports: [7777, 14447] });
  });
});
