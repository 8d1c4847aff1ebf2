import { createRecordingRunner, createTestDeps } from '@tbvnode/core/testing';
import { describe, expect, it } from 'vitest';
import { linkDriverCheck, probeLinkDrivers } from '../../src/probe/link-drivers.js';
import { needsRoot } from '../support/env.js';

describe('linkDriverCheck', () => {
  it.each([
    ['veth', 0, '', true, /made one/],
    ['veth', 2, 'Error: Unknown device type.\nCommand failed -:1\n', false, /no veth links: modprobe veth, or a kernel with CONFIG_VETH/],
    ['bridge', 2, 'RTNETLINK answers: Operation not supported\n', false, /CONFIG_BRIDGE/],
    ['bridge', 1, 'unshare: unshare failed: Operation not permitted\n', false, /could not ask the kernel .*Operation not permitted/],
    ['veth', null, '', false, /exit null/],
  ] as const)('%s, exit %s: ok %s', (driver, exitCode, stderr, ok, detail) => {
    const c = linkDriverCheck(driver, { exitCode, stderr });
    expect(c.ok).toBe(ok);
    expect(c.detail).toMatch(detail);
  });
});

describe('probeLinkDrivers', () => {
  it('asks the kernel in a private network namespace, one command per driver', async () => {
    const runner = createRecordingRunner({ unmatched: 'succeed' });
    const checks = await probeLinkDrivers({ runner });
    expect(runner.calls.map((c) => c.argv)).toEqual([
      ['unshare', '--net', '--', 'ip', '-batch', '-'],
      ['unshare', '--net', '--', 'ip', '-batch', '-'],
    ]);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['veth driver', true], ['bridge driver', true]]);
  });
  it.skipIf(needsRoot('link driver probe against the real kernel'))('finds both drivers on this kernel and leaves no link on the host', async () => {
    const deps = createTestDeps();
    const before = (await deps.runner.run(['ip', '-o', 'link', 'show'])).stdout;
    const checks = await probeLinkDrivers(deps);
    expect(checks.every((c) => c.ok), JSON.stringify(checks)).toBe(true);
    expect((await deps.runner.run(['ip', '-o', 'link', 'show'])).stdout).not.toContain('tbvprobe');
    expect(before).not.toContain('tbvprobe');
  });
});
