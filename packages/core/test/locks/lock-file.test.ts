import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLockFile, withLockFile } from '../../src/locks/lock-file.js';
import { withVnodeLock } from '../../src/locks/host-locks.js';
import { hostPaths } from '../../src/paths/layout.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { runFixture } from '../helpers/children.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const DEAD_PID = 5_000_321; // above pid_max: never alive

describe('lock files', () => {
  it('excludes a second holder until released, then lets it in', async () => {
    const file = path.join(await tmp(), 'x.lock');
    const deps = createTestDeps();
    const first = await acquireLockFile(deps, file, { timeoutMs: 1000, purpose: 'first' });
    await expect(acquireLockFile(deps, file, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT', holder: { pid: process.pid, purpose: 'first' },
    });
    await first.release();
    const second = await acquireLockFile(deps, file, { timeoutMs: 1000 });
    await first.release(); // idempotent, and never removes someone else's lock
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ nonce: second.owner.nonce });
    await second.release();
  });

  it.each([
    ['a dead pid', { pid: DEAD_PID, token: null, nonce: 'n', purpose: 'p', at: 0 }],
    ['a reused pid (start token differs)', { pid: process.pid, token: 'not-this-one', nonce: 'n', purpose: 'p', at: 0 }],
  ])('breaks a stale lock held by %s', async (_n, owner) => {
    const file = path.join(await tmp(), 'x.lock');
    await writeFile(file, JSON.stringify(owner));
    const deps = createTestDeps();
    const held = await acquireLockFile(deps, file, { timeoutMs: 1000 });
    expect(held.owner.pid).toBe(process.pid);
    expect(deps.captured.records().some((r) => r.msg === 'breaking stale lock')).toBe(true);
    await held.release();
  });

  it('treats a half-written lock as held until it is old', async () => {
    const file = path.join(await tmp(), 'x.lock');
    await writeFile(file, '');
    const deps = createTestDeps();
    await expect(acquireLockFile(deps, file, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    await utimes(file, new Date(0), new Date(0));
    const held = await acquireLockFile(deps, file, { timeoutMs: 1000 });
    await held.release();
  });

  it('releases when the body throws', async () => {
    const file = path.join(await tmp(), 'x.lock');
    const deps = createTestDeps();
    await expect(withLockFile(deps, file, { timeoutMs: 100 }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await withLockFile(deps, file, { timeoutMs: 100 }, async () => undefined);
  });

  it('vnode locks validate the id first', async () => {
    const host = hostPaths(await tmp());
    expect(() => withVnodeLock(host, '../x', createTestDeps(), async () => 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_VNODE_ID' }),
    );
    expect(await withVnodeLock(host, 'v1', createTestDeps(), async () => 7)).toBe(7);
  });

  it('serialises real processes: no lost updates', async () => {
    const dir = await tmp();
    const counter = path.join(dir, 'counter');
    await writeFile(counter, '0');
    const lock = path.join(dir, 'counter.lock');
    await Promise.all([1, 2, 3, 4].map(() => runFixture('lock-child.mjs', ['counter', lock, counter, '25'])));
    expect(await readFile(counter, 'utf8')).toBe('100');
  });
});
