// Golden command plans: the exact argv sequence of a vnode's whole life per
// jailconfig fixture (prepare host, create, network, boot, stop, halt, restore
// boot, stop, kill), stored under test/golden/. UPDATE_GOLDEN=1 rewrites them;
// otherwise any difference fails.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isTbvnodeError, type BackendOptions } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { readCapabilityReport, type JailConfig } from '../../src/index.js';
import { fixtures, vnetNet } from '../fixtures/jailconfigs.js';
import { bringUp, createWorld, type VnodeNet, type World } from '../support/world.js';

// Read at the test's edge: the explicit switch for rewriting golden files.
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));

const cases: ReadonlyArray<{ name: string; jailconfig: JailConfig; options?: BackendOptions; net?: VnodeNet }> = [
  ...Object.entries(fixtures).map(([name, jailconfig]) => ({ name, jailconfig })),
  { name: 'example-permissive', jailconfig: fixtures['example'] as JailConfig, options: { bpf: 'readwrite', allowDevmem: true } },
  { name: 'vnet', jailconfig: fixtures['example'] as JailConfig, options: { netMode: 'vnet' }, net: vnetNet },
];

async function plan(w: World, jailconfig: JailConfig, net?: VnodeNet): Promise<string[]> {
  const out: string[] = [];
  const b = w.backend();
  const section = async <T>(title: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const from = w.fake.calls.length;
    try {
      return await fn();
    } catch (err) {
      out.push(`## ${title}`, ...w.calls(from), `!! ${isTbvnodeError(err) ? err.code : String(err)}`);
      return undefined;
    } finally {
      if (out.at(-1)?.startsWith('!!') !== true) out.push(`## ${title}`, ...w.calls(from));
    }
  };
  await section('prepareHost', async () => b.prepareHost(w.hostCtx, await w.openHost()));
  const v = await w.vnode('pcvm42-3', jailconfig, net);
  for (const life of ['first boot', 'boot after halt']) {
    const steps = await w.open(v);
    const created = await section(`create (${life})`, async () => (await b.create(v, steps), true));
    if (life === 'first boot') {
      const report = await readCapabilityReport(w.deps.fs, v.paths.configDir);
      out.push('## capability report', ...(report?.keys ?? []).map((k) => `${k.key}=${k.value}: ${k.verdict}${k.fatal ? ' (fatal)' : ''} - ${k.reason}`));
    }
    if (!created) break;
    await section(`configureNetwork (${life})`, () => b.configureNetwork(v, steps));
    const running = await section(`boot (${life})`, () => b.boot(v, steps));
    if (running) await section(`stop (${life})`, () => running.stop(5_000));
    if (life === 'first boot') await section('halt (undo runtime steps)', () => w.undo(v, 'halt'));
  }
  await section('kill (undo everything)', () => w.undo(v, 'kill'));
  await section('host teardown', () => w.undoHost());
  return out;
}

describe('golden command plans', () => {
  for (const c of cases) {
    it(`${c.name} matches test/golden/${c.name}.txt`, async () => {
      const w = await createWorld(c.options);
      try {
        const before = await w.snapshot();
        const text = `${(await plan(w, c.jailconfig, c.net)).join('\n')}\n`;
        expect(await w.snapshot(), 'the host after the whole life').toEqual(before);
        const file = `${goldenDir}${c.name}.txt`;
        if (UPDATE) await fsp.writeFile(file, text);
        else if (!existsSync(file)) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1 and review it`);
        expect(text).toBe(await fsp.readFile(file, 'utf8'));
      } finally {
        await w.dispose();
      }
    });
  }

  it('a full bring-up really boots the jail (sanity for the plans above)', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      await b.prepareHost(w.hostCtx, await w.openHost());
      const v = await w.vnode('pcvm42-3', fixtures['example'] as JailConfig);
      const running = await bringUp(b, v, await w.open(v));
      expect(await b.state(v)).toBe('running');
      expect(w.fake.jails.get('pcvm42-3')).toMatchObject({ ips: ['172.17.3.1', '10.1.1.2', '10.1.2.2'], fib: 1 });
      await running.stop(5_000);
      await w.undo(v, 'kill');
      expect(await b.state(v)).toBe('absent');
      await w.undoHost();
    } finally {
      await w.dispose();
    }
  });
});
