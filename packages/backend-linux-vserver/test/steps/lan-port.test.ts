// The LAN bridge's last port deletes it only when the bridge is tbvnode's for
// that LAN (its ifalias mark): an empty bridge that merely has the name stays.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinStepTypes, createStepRegistry, openStepRunner } from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { createThrowawayHost, type ThrowawayHost } from '@tbvnode/test-host';
import { lanBridgeAlias, lanBridgeName } from '../../src/net/lan-key.js';
import { lanPortStep } from '../../src/steps/lan-port.js';
import { needsRoot } from '../support/env.js';

describe.skipIf(needsRoot('linux.lan-port ownership'))('linux.lan-port', () => {
  let host: ThrowawayHost;
  beforeAll(async () => {
    host = await createThrowawayHost();
  });
  afterAll(async () => {
    await host?.destroy();
  });

  const journal = async (name: string) => {
    const deps = createTestDeps({ runner: host.runner });
    await mkdir(path.join(host.rootDir, 'locks'), { recursive: true });
    return openStepRunner({ scope: name, journalPath: path.join(host.rootDir, `${name}.journal`), registry: createStepRegistry(builtinStepTypes, [lanPortStep]), deps });
  };
  const params = (key: string, n: number) => ({ bridge: lanBridgeName(key), lanKey: key, host: `pe${n}.0`, peer: `ve${n}.0`, locksDir: path.join(host.rootDir, 'locks') });

  it('makes and marks the bridge, shares it, and the last port out deletes it', async () => {
    const key = 'vtag/veth/101';
    const [a, b] = [await journal('a'), await journal('b')];
    await a.run(lanPortStep, params(key, 1), { phase: 'runtime' });
    await b.run(lanPortStep, params(key, 2), { phase: 'runtime' });
    const shown = (await host.run(['ip', '-o', 'link', 'show', 'dev', lanBridgeName(key)])).stdout;
    expect(shown).toContain(`alias ${lanBridgeAlias(key)}`);
    await a.undo('kill');
    expect(await host.links()).toContain(lanBridgeName(key));
    await b.undo('kill');
    expect(await host.links()).not.toContain(lanBridgeName(key));
  });

  it('leaves an empty bridge with the same name that is not marked as this LAN\'s', async () => {
    const key = 'exp/p/e/lan0';
    const bridge = lanBridgeName(key);
    // Someone else's bridge, by chance or on purpose with our name: joined (no way to tell cheaply), never deleted.
    await host.run(['ip', 'link', 'add', bridge, 'up', 'type', 'bridge']);
    const j = await journal('c');
    await j.run(lanPortStep, params(key, 3), { phase: 'runtime' });
    await j.undo('kill');
    expect(await host.links()).toContain(bridge);
    expect(await host.links()).not.toContain('pe3.0');
    await host.run(['ip', 'link', 'del', bridge]);
  });
});
