import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bossForVnode, composeManager } from '../../src/manager/compose.js';
import { processBackend } from '../../src/process-backend/descriptor.js';
import { managerStepTypes } from '../../src/manager/manager-steps.js';
import { fetchVnodeConfig, type VnodeTmcc } from '../../src/manager/vnode-config.js';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { createStepRegistry } from '../../src/steps/registry.js';
import { openStepRunner } from '../../src/steps/step-runner.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();

// A boss that knows the vnode: status, and a fullconfig cache with jailconfig.
function fakeTmcc(cacheDir: string): VnodeTmcc {
  return {
    request: async (command) => {
      if (command !== 'status') throw new Error(`unexpected ${command}`);
      return Buffer.from('ALLOCATED=proj/exp NICKNAME=node1\n');
    },
    fillCache: async () => {
      await fsp.mkdir(cacheDir, { recursive: true });
      await fsp.writeFile(path.join(cacheDir, 'jailconfig'), 'JAILIP="10.1.1.2,255.255.255.0"\n');
      return cacheDir;
    },
  } as VnodeTmcc;
}

async function fetchWith(boss: { name: string; address?: string; ports?: readonly number[] }) {
  const deps = createTestDeps();
  const paths = vnodePaths(hostPaths(await tmp()), validateVnodeId('pcvm1-1'));
  await fsp.mkdir(paths.configDir, { recursive: true });
  const steps = await openStepRunner({
    scope: paths.id, journalPath: paths.journal, registry: createStepRegistry(managerStepTypes), deps,
  });
  const fetched = await fetchVnodeConfig({ tmcc: fakeTmcc(paths.tmccCacheDir), paths, steps, deps, boss });
  if (fetched.free) throw new Error('expected an allocated vnode');
  return fetched.config;
}

describe('fetchVnodeConfig: boss in the VnodeConfig', () => {
  it('hands the backend boss as the manager reached it (name, address, ports)', async () => {
    const boss = { name: 'boss.emulab.net', address: '10.250.0.1', ports: [7777] };
    const config = await fetchWith(boss);
    expect(config.boss).toEqual(boss);
    expect(config.hostname).toBe('node1.exp.proj.emulab.net');
    expect(config.controlIp).toBe('10.1.1.2');
    // The backend keys the vnode's LANs by it (two experiments may both have a lan0).
    expect(config.experiment).toEqual({ pid: 'proj', eid: 'exp' });
  });

  it('writes jailconfig 0600, also over one an older tbvnode left 0755', async () => {
    const root = await tmp();
    const paths = vnodePaths(hostPaths(root), validateVnodeId('pcvm1-1'));
    await fsp.mkdir(paths.configDir, { recursive: true });
    await fsp.writeFile(paths.jailconfig, 'old', { mode: 0o755 });
    const deps = createTestDeps();
    const steps = await openStepRunner({ scope: paths.id, journalPath: paths.journal, registry: createStepRegistry(managerStepTypes), deps });
    await fetchVnodeConfig({ tmcc: fakeTmcc(paths.tmccCacheDir), paths, steps, deps, boss: { name: 'boss.emulab.net' } });
    expect((await fsp.stat(paths.jailconfig)).mode & 0o777).toBe(0o600);
    expect(await fsp.readFile(paths.jailconfig, 'utf8')).toContain('JAILIP=');
  });

  it('takes the host name\'s domain from boss as reached, the one route boss takes', async () => {
    const config = await fetchWith({ name: 'boss.other.org' });
    expect(config.boss).toEqual({ name: 'boss.other.org' });
    expect(config.hostname).toBe('node1.exp.proj.other.org');
  });
});

describe('bossForVnode', () => {
  it.each([
    ['tcp', { name: 'boss.emulab.net', target: { kind: 'tcp' as const, host: '10.250.0.1', ports: [7777, 14447] } },
      { name: 'boss.emulab.net', address: '10.250.0.1', ports: [7777, 14447] }],
    ['udp', { name: 'boss', target: { kind: 'udp' as const, host: '127.0.0.1', port: 7777 } },
      { name: 'boss', address: '127.0.0.1', ports: [7777] }],
    ['unix socket: no address to give', { name: 'boss', target: { kind: 'unix' as const, path: '/tmp/tmcd.sock' } },
      { name: 'boss' }],
  ])('%s', (_name, endpoint, want) => {
    expect(bossForVnode(endpoint)).toEqual(want);
  });
});

it('composeManager gives the manager boss for the vnode config', async () => {
  const deps = createTestDeps();
  const parts = composeManager({
    vnodeId: validateVnodeId('pcvm1-1'),
    backend: processBackend.create({ tmccBin: '/nonexistent/tmcc' }),
    host: { paths: hostPaths(await tmp()), deps, log: deps.log, options: {} },
    boss: { name: 'boss.emulab.net', target: { kind: 'tcp', host: '127.0.0.1', ports: [7777] } },
    prepareHost: async () => undefined,
  });
  expect(parts.boss).toEqual({ name: 'boss.emulab.net', address: '127.0.0.1', ports: [7777] });
});
