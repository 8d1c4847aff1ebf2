import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostContext, VirtualizationBackend } from '../../src/backend/types.js';
import { formatHostRecord, parseHostRecord, preparationDrift } from '../../src/bootvnodes/host-record.js';
import { checkHostPrepared, prepareHostOnce } from '../../src/bootvnodes/prepare-host.js';
import { hostPaths } from '../../src/paths/layout.js';
import { processBackend } from '../../src/process-backend/descriptor.js';
import { createStepRegistry } from '../../src/steps/registry.js';
import { createTestDeps } from '../../src/testing/test-deps.js';

const NOW = { bootId: 'b1', backend: 'linux-vserver', netns: '4:100', stepsInPlace: [1, 2, 3] };
const rec = (o: Partial<Parameters<typeof formatHostRecord>[0]> = {}) =>
  parseHostRecord(formatHostRecord({ bootId: 'b1', backend: 'linux-vserver', netns: '4:100', steps: [1, 2, 3], ...o }));

describe('preparationDrift', () => {
  it.each<[string, ReturnType<typeof parseHostRecord> | undefined, string[], RegExp[]]>([
    ['prepared here, all in place', rec(), [], []],
    ['no marker', undefined, [], [/not prepared/]],
    ['an earlier boot', rec({ bootId: 'b0' }), [], [/earlier boot/]],
    ['the process backend wrote the marker', rec({ backend: 'process' }), [], [/backend process, not linux-vserver/]],
    ['another network namespace', rec({ netns: '4:999' }), [], [/network namespace 4:999/]],
    ['a host step undone since', rec({ steps: [1, 2, 3, 4] }), [], [/steps 4 are no longer/]],
    ['an older marker (boot id and backend only)', parseHostRecord('b1\nlinux-vserver\n'), [], [/older tbvnode/]],
    ['the backend finds cbr0 gone', rec(), ['bridge cbr0 is missing'], [/cbr0/]],
  ])('%s', (_n, marker, backendDrift, want) => {
    const got = preparationDrift(marker, NOW, backendDrift);
    expect(got).toHaveLength(want.length);
    want.forEach((re, i) => expect(got[i]).toMatch(re));
  });

  it('reads back what it writes', () => {
    expect(rec()).toEqual({ bootId: 'b1', backend: 'linux-vserver', netns: '4:100', steps: [1, 2, 3] });
  });
});

describe('prepareHostOnce repairs drift', () => {
  let root: string;
  beforeEach(async () => {
    root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-drift-'));
  });
  afterEach(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('after a run with the process backend, another backend still prepares the host; drift it reports is repaired', async () => {
    const deps = createTestDeps();
    const host: HostContext = { paths: hostPaths(root), deps, log: deps.log, options: {} };
    const lock = { withHostLock: <T>(fn: () => Promise<T>) => fn(), registry: createStepRegistry([]), bootId: async () => 'b1' };
    expect(await prepareHostOnce({ host, backend: processBackend.create({ tmccBin: '/bin/true' }), ...lock })).toBe(true);

    let bridge = false;
    let prepared = 0;
    const linux = {
      name: 'linux-vserver', stepTypes: [],
      prepareHost: async () => { prepared += 1; bridge = true; },
      verifyHost: async () => (bridge ? [] : ['bridge cbr0 is missing']),
    } as unknown as VirtualizationBackend;
    expect(await checkHostPrepared({ host, backend: linux, bootId: lock.bootId })).toEqual(['prepared for backend process, not linux-vserver']);
    expect(await prepareHostOnce({ host, backend: linux, ...lock })).toBe(true);
    expect(await prepareHostOnce({ host, backend: linux, ...lock })).toBe(false);
    // An operator deletes cbr0: the next boot prepares again.
    bridge = false;
    expect(await checkHostPrepared({ host, backend: linux, bootId: lock.bootId })).toEqual(['bridge cbr0 is missing']);
    expect(await prepareHostOnce({ host, backend: linux, ...lock })).toBe(true);
    expect([prepared, bridge]).toEqual([2, true]);
  });
});
