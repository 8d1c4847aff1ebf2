import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostContext, VirtualizationBackend } from '../../src/backend/types.js';
import { isPreparedThisBoot, prepareHostOnce } from '../../src/bootvnodes/prepare-host.js';
import { hostPaths } from '../../src/paths/layout.js';
import { createStepRegistry } from '../../src/steps/registry.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

describe('isPreparedThisBoot', () => {
  it.each<[string | undefined, string | undefined, boolean]>([
    [undefined, 'b1', false],
    [undefined, undefined, false],
    ['b1\nprocess\n', 'b1', true],
    ['b0\nprocess\n', 'b1', false],
    ['anything\n', undefined, true],
    ['', 'b1', false],
  ])('marker %j, boot %j -> %s', (content, boot, expected) => {
    expect(isPreparedThisBoot(content, boot)).toBe(expected);
  });
});

describe('prepareHostOnce', () => {
  let root: string;
  beforeEach(async () => {
    root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-prep-'));
  });
  afterEach(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('prepares once per boot, under the lock, and again after a reboot', async () => {
    const deps = createTestDeps();
    const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
    let prepared = 0;
    let locked = 0;
    const backend = { name: 'counting', stepTypes: [], prepareHost: async () => void prepared++ } as unknown as VirtualizationBackend;
    let boot = 'boot-1';
    const run = () =>
      prepareHostOnce({
        host, backend, registry: createStepRegistry([]), bootId: async () => boot,
        withHostLock: (fn) => (locked++, fn()),
      });
    expect(await run()).toBe(true);
    expect(await run()).toBe(false);
    expect([prepared, locked]).toEqual([1, 1]);
    boot = 'boot-2';
    expect(await run()).toBe(true);
    expect(prepared).toBe(2);
  });
});
