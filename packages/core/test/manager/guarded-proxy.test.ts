import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardSocketDir } from '../../src/manager/guarded-proxy.js';
import type { SupervisedProxy } from '../../src/manager/proxy-supervisor.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();

function countingProxy() {
  const calls: string[] = [];
  const proxy: SupervisedProxy = {
    start: async () => void calls.push('start'),
    restart: async () => void calls.push('restart'),
    stop: async () => void calls.push('stop'),
    on: () => undefined,
    off: () => undefined,
  };
  return { proxy, calls };
}

describe('guardSocketDir', () => {
  it('refuses to (re)start the proxy once the socket dir is a link the vnode swapped in', async () => {
    const base = await tmp();
    const root = path.join(base, 'root');
    const hostDir = path.join(base, 'host');
    await fsp.mkdir(path.join(root, 'var/emulab'), { recursive: true });
    await fsp.mkdir(hostDir);
    const { proxy, calls } = countingProxy();
    const guarded = guardSocketDir(proxy, createTestDeps(), root, path.join(root, 'var/emulab/tmcc'));
    await guarded.start();
    await guarded.restart();
    await fsp.rm(path.join(root, 'var/emulab'), { recursive: true });
    await fsp.symlink(hostDir, path.join(root, 'var/emulab'));
    await expect(guarded.restart()).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(calls).toEqual(['start', 'restart']);
    expect(await fsp.readdir(hostDir)).toEqual([]);
  });

  it('leaves a socket outside the root alone', async () => {
    const { proxy, calls } = countingProxy();
    await guardSocketDir(proxy, createTestDeps(), '/nonexistent/root', '/run/elsewhere.sock').start();
    expect(calls).toEqual(['start']);
  });
});
