// The capability report reaches the config dir (for `tbvnode status --json`)
// and the log; a fatal refusal stops create before the host changes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapabilityReport, type JailConfig } from '../../src/index.js';
import { example, noJailIp } from '../fixtures/jailconfigs.js';
import { createWorld } from '../support/world.js';

describe('capability report in the backend', () => {
  it('create writes capabilities.json and logs every key, refused ones as warnings', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      await b.prepareHost(w.hostCtx, await w.openHost());
      const v = await w.vnode('pcvm42-3', example as JailConfig);
      await b.create(v, await w.open(v));
      const report = await readCapabilityReport(w.deps.fs, v.paths.configDir);
      expect(report?.keys.find((k) => k.key === 'DEVMEM')).toMatchObject({ verdict: 'refused', fatal: false });
      const records = (w.deps as unknown as { captured: { records(): Array<Record<string, unknown>> } }).captured.records();
      expect(records.find((r) => r['msg'] === 'jailconfig capability report')?.['capabilities']).toEqual(report?.keys);
      expect(records.filter((r) => typeof r['msg'] === 'string' && r['msg'].endsWith('refused')).map((r) => r['msg'])).toEqual([
        'jailconfig BPFRO refused', 'jailconfig IPFW refused', 'jailconfig IPDIVERT refused', 'jailconfig DEVMEM refused',
      ]);
      await w.undo(v, 'kill');
      await w.undoHost();
    } finally {
      await w.dispose();
    }
  });

  it('a fatal refusal fails create before any host change, naming the key', async () => {
    const w = await createWorld();
    try {
      await w.backend().prepareHost(w.hostCtx, await w.openHost());
      const v = await w.vnode('pcvm42-3', noJailIp as JailConfig);
      const before = w.fake.state();
      await expect(w.backend().create(v, await w.open(v))).rejects.toMatchObject({ code: 'FBSD_REFUSED', message: expect.stringMatching(/PORTRANGE/) });
      expect(w.fake.state()).toEqual(before);
      expect((await readCapabilityReport(w.deps.fs, v.paths.configDir))?.fatal).toEqual(['PORTRANGE']);
    } finally {
      await w.dispose();
    }
  });

  it('probe: usable on a complete host, not when a tool is missing', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      const asRoot = process.getuid?.() === 0;
      expect((await b.probe(w.hostCtx)).usable).toBe(asRoot);
      w.fake.tools.delete('mdconfig');
      const r = await b.probe(w.hostCtx);
      expect(r.usable).toBe(false);
      expect(r.checks.find((c) => c.name === 'command mdconfig')?.ok).toBe(false);
    } finally {
      await w.dispose();
    }
  });

  it('proxyEndpoint: the socket inside the root, refused when longer than sun_path allows', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      const v = await w.vnode('pcvm42-3', example as JailConfig);
      expect(b.proxyEndpoint(v)).toEqual({ hostPath: path.join(v.paths.rootDir, 'var/emulab/tmcc'), insidePath: '/var/emulab/tmcc' });
      const long = await w.vnode(`v${'x'.repeat(63)}`, example as JailConfig);
      expect(() => b.proxyEndpoint(long)).toThrow(expect.objectContaining({ code: 'FBSD_SOCKET_PATH_TOO_LONG' }));
    } finally {
      await w.dispose();
    }
  });
});
