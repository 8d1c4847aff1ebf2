import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBossError } from '../../src/errors.js';
import { FIXTURES_DIR, listExperiments, loadExperiment } from '../../src/experiment/load.js';
import { validateExperiment } from '../../src/experiment/validate.js';

describe('loadExperiment', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('finds bundled fixtures relative to the module, whatever the cwd', () => {
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      const exp = loadExperiment('three-vnodes');
      expect(exp.host.nodeId).toBe('pc1');
      expect(exp.vnodes.map((v) => v.vnodeId)).toEqual(['pcvm1-1', 'pcvm1-2', 'pcvm1-3']);
      expect(exp.lans.map((l) => [l.name, l.members])).toEqual([
        ['lan0', ['pcvm1-1', 'pcvm1-2']],
        ['lan1', ['pcvm1-2', 'pcvm1-3']],
      ]);
    } finally {
      process.chdir(cwd);
    }
    expect(path.isAbsolute(FIXTURES_DIR)).toBe(true);
    expect(listExperiments()).toContain('three-vnodes');
  });

  it('loads a file by path and reports broken ones with a code', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boss-fixture-'));
    const good = path.join(dir, 'good.json');
    await writeFile(good, JSON.stringify(loadExperiment('three-vnodes')));
    expect(loadExperiment(good).name).toBe('three-vnodes');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ name: 'x', pid: 'p', eid: 'e' }));
    expect(() => loadExperiment(bad)).toThrow(expect.objectContaining({ code: 'BOSS_FIXTURE_INVALID' }));
    const notJson = path.join(dir, 'nope.json');
    await writeFile(notJson, '{');
    expect(() => loadExperiment(notJson)).toThrow(expect.objectContaining({ code: 'BOSS_FIXTURE_INVALID' }));
  });

  it('rejects unknown names and odd names without touching the file system outside fixtures', () => {
    let caught: unknown;
    try {
      loadExperiment('no-such-fixture');
    } catch (err) {
      caught = err;
    }
    expect(isBossError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'BOSS_FIXTURE_NOT_FOUND' });
    expect(() => loadExperiment('..')).toThrow(expect.objectContaining({ code: 'BOSS_FIXTURE_NOT_FOUND' }));
  });
});

describe('validateExperiment: what tmcd formats need of the data', () => {
  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(loadExperiment('three-vnodes'))) as Record<string, unknown>;
  type V = { accounts: { users: Array<Record<string, unknown>> }; interfaceSettings?: unknown; hostnames: Array<{ aliases: string[] }> };
  const vnode0 = (d: Record<string, unknown>): V => (d['vnodes'] as V[])[0] as V;
  it.each([
    ['a non-numeric SERIAL (doaccounts sends a UNIX timestamp)', (v: V) => { v.accounts.users[0]!['serial'] = 'u10042-3'; }, /serial must be a UNIX timestamp/],
    ['a setting for a veth MAC (doifconfig sends physical ones only)', (v: V) => { v.interfaceSettings = [{ mac: '00000a010102', key: 'mtu', val: '1500' }]; }, /physical interfaces/],
    ['three aliases (dohosts sends two)', (v: V) => { v.hostnames[0]!.aliases = ['a-0', 'a', 'b']; }, /aliases must be/],
  ])('rejects %s', (_what, spoil, message) => {
    const d = base();
    spoil(vnode0(d));
    expect(() => validateExperiment(d, 'x.json')).toThrow(message);
  });
});
