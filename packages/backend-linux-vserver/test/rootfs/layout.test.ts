import { describe, expect, it } from 'vitest';
import { mountArgs, planRoot, type HostEntry } from '../../src/rootfs/layout.js';

const merged: Record<string, HostEntry> = {
  bin: { kind: 'symlink', target: 'usr/bin' },
  sbin: { kind: 'symlink', target: 'usr/sbin' },
  lib: { kind: 'symlink', target: 'usr/lib' },
  lib64: { kind: 'symlink', target: 'usr/lib64' },
  usr: { kind: 'dir' },
};
const split: Record<string, HostEntry> = { bin: { kind: 'dir' }, sbin: { kind: 'dir' }, lib: { kind: 'dir' }, usr: { kind: 'dir' } };

describe('planRoot', () => {
  it('recreates merged-/usr symlinks and mounts only real dirs, read-only', () => {
    const p = planRoot({ hostEntries: merged, mode: 'overlay', overlayDir: '/c/overlay' });
    expect(p.symlinks).toEqual([['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]);
    expect(p.mounts.filter((m) => m.op === 'ro')).toEqual([{ op: 'ro', args: ['/usr', '/usr'] }]);
  });
  it('mounts every real system dir on a split-/usr host', () => {
    const p = planRoot({ hostEntries: split, mode: 'overlay', overlayDir: '/c/overlay' });
    expect(p.symlinks).toEqual([]);
    expect(p.mounts.filter((m) => m.op === 'ro').map((m) => m.args[0])).toEqual(['/bin', '/sbin', '/lib', '/usr']);
  });
  it('overlay mode: /etc and /root as overlays with upper+work under the config dir, no copies', () => {
    const p = planRoot({ hostEntries: merged, mode: 'overlay', overlayDir: '/c/overlay' });
    expect(p.copies).toEqual([]);
    expect(p.mounts.filter((m) => m.op === 'ov')).toEqual([
      { op: 'ov', args: ['/etc', '/c/overlay/etc/upper', '/c/overlay/etc/work', '/etc'] },
      { op: 'ov', args: ['/root', '/c/overlay/root/upper', '/c/overlay/root/work', '/root'] },
    ]);
  });
  it('overlay mode with a var template: /var over the template, keeping the real /var/emulab; nothing replayed', () => {
    const p = planRoot({ hostEntries: merged, mode: 'overlay', overlayDir: '/c/overlay', varTemplate: '/h/linux-var' });
    expect(p.replayVar).toBe(false);
    expect(p.overlayDirs).toEqual(expect.arrayContaining(['/c/overlay/var/upper', '/c/overlay/var/work']));
    expect(p.mounts.filter((m) => m.op === 'ovkeep')).toEqual([
      { op: 'ovkeep', args: ['/h/linux-var', '/c/overlay/var/upper', '/c/overlay/var/work', '/var', 'emulab'] },
    ]);
  });
  it.each([
    ['copy mode', 'copy', '/h/linux-var'],
    ['overlay mode without a template', 'overlay', undefined],
  ] as const)('%s replays the /var skeleton into the root', (_what, mode, varTemplate) => {
    const p = planRoot({ hostEntries: merged, mode, overlayDir: '/c/overlay', ...(varTemplate ? { varTemplate } : {}) });
    expect(p.replayVar).toBe(true);
    expect(p.mounts.some((m) => m.op === 'ovkeep')).toBe(false);
  });
  it('copy mode copies /etc only — never /root', () => {
    const p = planRoot({ hostEntries: merged, mode: 'copy', overlayDir: '/c/overlay' });
    expect(p.copies).toEqual([['/etc', 'etc']]);
    expect(p.mounts.some((m) => m.op === 'ov')).toBe(false);
    expect(p.dirs).toContain('root');
  });
  it('mounts node and the tmcc bundle read-only when given', () => {
    const p = planRoot({ hostEntries: merged, mode: 'overlay', overlayDir: '/o', nodeDir: '/usr/bin', tmccBundle: '/x/tmcc.cjs' });
    expect(mountArgs(p.mounts).slice(-6)).toEqual(['ro', '/usr/bin', '/opt/tbvnode/node', 'ro', '/x/tmcc.cjs', '/opt/tbvnode/tmcc.cjs']);
  });
});
