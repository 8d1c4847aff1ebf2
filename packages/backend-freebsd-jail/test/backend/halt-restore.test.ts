// Halt keeps the disk; the next boot restores it (fsck + mount, never newfs),
// and what the jail wrote in its first life is still there.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { example } from '../fixtures/jailconfigs.js';
import { bringUp, createWorld } from '../support/world.js';

describe('halt and boot again', () => {
  it('keeps the image across a halt and restores it without formatting', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      await b.prepareHost(w.hostCtx, await w.openHost());
      const v = await w.vnode('pcvm42-3', example as JailConfig);
      const marker = path.join(v.paths.rootDir, 'root/written-in-life-1');
      const first = await bringUp(b, v, await w.open(v));
      await fsp.writeFile(marker, 'still here\n');
      // What a jail's rc and daemons leave behind must not block a halt or a kill.
      await fsp.writeFile(path.join(v.paths.rootDir, 'var/emulab/boot/vrunning'), '');
      await fsp.writeFile(path.join(v.paths.logsDir, 'rc.log'), 'log\n');
      await first.stop(5_000);
      await w.undo(v, 'halt');

      expect(w.fake.state()).toMatchObject({ md: [], mounts: [], jails: [], routes: {} });
      expect(w.fake.ifaces.get('em0')).toEqual(['155.98.36.42']);
      expect(await b.state(v)).toBe('stopped');
      // Unmounted: the jail's files are inside the image, not on the host.
      await expect(fsp.access(marker)).rejects.toMatchObject({ code: 'ENOENT' });

      const from = w.fake.calls.length;
      const second = await bringUp(b, v, await w.open(v));
      const commands = w.fake.calls.slice(from).map((c) => c.argv[0]);
      expect(commands).toContain('fsck');
      expect(commands).not.toContain('newfs');
      expect(commands).not.toContain('truncate');
      expect(commands).not.toContain('tar');
      expect(await fsp.readFile(marker, 'utf8')).toBe('still here\n');
      expect(await b.state(v)).toBe('running');

      await second.stop(5_000);
      await w.undo(v, 'kill');
      expect(await b.state(v)).toBe('absent');
      await w.undoHost();
    } finally {
      await w.dispose();
    }
  });

  it('refuses to format over an image the journal did not make', async () => {
    const w = await createWorld();
    try {
      const b = w.backend();
      await b.prepareHost(w.hostCtx, await w.openHost());
      const v = await w.vnode('pcvm42-3', example as JailConfig);
      await fsp.writeFile(path.join(v.paths.configDir, 'root.vnode'), 'somebody else\'s data');
      await expect(b.create(v, await w.open(v))).rejects.toMatchObject({ code: 'STEP_FAILED', cause: { code: 'FBSD_NOT_OURS' } });
      expect(await fsp.readFile(path.join(v.paths.configDir, 'root.vnode'), 'utf8')).toBe('somebody else\'s data');
      expect(w.fake.calls.map((c) => c.argv[0])).not.toContain('newfs');
      await w.undoHost();
    } finally {
      await w.dispose();
    }
  });
});
