import { describe, expect, it } from 'vitest';
import { FIXED_MOUNTS, fstabFor, mountArgs, mountTargetsFor, planRoot, startMounts, sysViewMounts, type HostEntry, type MountOp } from '../../src/rootfs/layout.js';

const merged: Record<string, HostEntry> = {
  bin: { kind: 'symlink', target: 'usr/bin' },
  sbin: { kind: 'symlink', target: 'usr/sbin' },
  lib: { kind: 'symlink', target: 'usr/lib' },
  lib64: { kind: 'symlink', target: 'usr/lib64' },
  usr: { kind: 'dir' },
};
// The overlay dirs as vnode-layout.ts places them below <configDir>/overlay.
const overlaysIn = (d: string) => ({ etc: { upper: `${d}/etc/upper`, work: `${d}/etc/work` }, var: { upper: `${d}/var/upper`, work: `${d}/var/work` } });
const BASE = { etcTemplate: '/h/linux-etc', rootId: 1_073_741_824 } as const;
const split: Record<string, HostEntry> = { bin: { kind: 'dir' }, sbin: { kind: 'dir' }, lib: { kind: 'dir' }, usr: { kind: 'dir' } };

describe('planRoot', () => {
  it('recreates merged-/usr symlinks and mounts only real dirs, read-only', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/c/overlay') });
    expect(p.symlinks).toEqual([['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]);
    expect(p.mounts.filter((m) => m.op === 'ro')).toEqual([{ op: 'ro', args: ['/usr', '/usr'] }]);
  });
  it('mounts every real system dir on a split-/usr host', () => {
    const p = planRoot({ ...BASE, hostEntries: split, mode: 'overlay', overlays: overlaysIn('/c/overlay') });
    expect(p.symlinks).toEqual([]);
    expect(p.mounts.filter((m) => m.op === 'ro').map((m) => m.args[0])).toEqual(['/bin', '/sbin', '/lib', '/usr']);
  });
  it('overlay mode: /etc an overlay on the secret-free template, /root a plain empty dir, no copies', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/c/overlay') });
    expect(p.copies).toEqual([]);
    expect(p.mounts.filter((m) => m.op === 'ov')).toEqual([
      { op: 'ov', args: ['/h/linux-etc', '/c/overlay/etc/upper', '/c/overlay/etc/work', '/etc'] },
    ]);
    // The host's /etc and /root are never a layer of anything.
    expect(mountArgs(p.mounts)).not.toContain('/etc:');
    expect(mountArgs(p.mounts).filter((a) => a === '/root' || a === '/etc')).toEqual(['/etc']);
    expect(p.dirs).toContain('root');
  });
  it('/run is a tmpfs owned by the vnode\'s root; tmcc sits on /usr/local/etc/emulab when the host has that dir', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/o'), localEtc: '/c/local-etc', hostLocalEtc: true });
    expect(p.mounts).toContainEqual({ op: 'tmp', args: ['/run', 'uid=1073741824,gid=1073741824'] });
    expect(p.mounts).toContainEqual({ op: 'ovro', args: ['/c/local-etc:/usr/local/etc', '/usr/local/etc'] });
    const without = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/o'), localEtc: '/c/local-etc', hostLocalEtc: false });
    expect(without.mounts.some((m) => m.op === 'ovro')).toBe(false);
  });
  it('overlay mode with a var template: /var over the template, keeping the real /var/emulab; nothing replayed', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/c/overlay'), varTemplate: '/h/linux-var' });
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
    const p = planRoot({ ...BASE, hostEntries: merged, mode, overlays: overlaysIn('/c/overlay'), ...(varTemplate ? { varTemplate } : {}) });
    expect(p.replayVar).toBe(true);
    expect(p.mounts.some((m) => m.op === 'ovkeep')).toBe(false);
  });
  it('copy mode copies the /etc template only — never /root', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'copy', overlays: overlaysIn('/c/overlay') });
    expect(p.copies).toEqual([['/h/linux-etc', 'etc']]);
    expect(p.mounts.some((m) => m.op === 'ov')).toBe(false);
    expect(p.dirs).toContain('root');
  });
  it('mounts node and the tmcc bundle read-only when given', () => {
    const p = planRoot({ ...BASE, hostEntries: merged, mode: 'overlay', overlays: overlaysIn('/o'), nodeDir: '/usr/bin', tmccBundle: '/x/tmcc.cjs' });
    expect(mountArgs(p.mounts).slice(-6)).toEqual(['ro', '/usr/bin', '/opt/tbvnode/node', 'ro', '/x/tmcc.cjs', '/opt/tbvnode/tmcc.cjs']);
  });
});

describe('the vnode fstab', () => {
  const mounts: MountOp[] = [
    { op: 'ro', args: ['/usr', '/usr'] },
    { op: 'ov', args: ['/etc', '/c/ov/etc/upper', '/c/ov/etc/work', '/etc'] },
    { op: 'ovkeep', args: ['/h/linux-var', '/c/ov/var/upper', '/c/ov/var/work', '/var', 'emulab'] },
    { op: 'tmp', args: ['/run'] },
    { op: 'ro', args: ['/x/tmcc.cjs', '/opt/tbvnode/tmcc.cjs'] },
  ];

  it('starts with the ovkeep overlays, then one fstab with everything else', () => {
    const { ops, fstabMounts } = startMounts(mounts, '/c/fstab');
    expect(ops).toEqual([mounts[2], { op: 'fstab', args: ['/c/fstab'] }]);
    expect(fstabMounts.map((m) => m.op)).toEqual(['ro', 'ov', 'tmp', 'ro']);
  });

  it('writes one line per mount under the root, read-only binds, then the fixed mounts', () => {
    const lines = fstabFor('/j/v1/root', startMounts(mounts, '/c/fstab').fstabMounts).trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '/usr /j/v1/root/usr none bind,ro,nosuid,nodev 0 0',
      'overlay /j/v1/root/etc overlay lowerdir=/etc,upperdir=/c/ov/etc/upper,workdir=/c/ov/etc/work 0 0',
      'tmpfs /j/v1/root/run tmpfs mode=755,nosuid,nodev 0 0',
      '/x/tmcc.cjs /j/v1/root/opt/tbvnode/tmcc.cjs none bind,ro,nosuid,nodev 0 0',
    ]);
    expect(lines.slice(4)).toHaveLength(FIXED_MOUNTS.length);
    expect(lines).toContain('proc /j/v1/root/proc proc nosuid,nodev,noexec 0 0');
    expect(lines).toContain('/dev/null /j/v1/root/dev/null none bind 0 0');
    expect(lines.at(-1)).toBe('tmpfs /j/v1/root/dev/shm tmpfs mode=1777,nosuid,nodev 0 0');
  });

  it.each([
    ['a space', '/srv/tb root', '/srv/tb\\040root/usr'],
    ['a tab', '/srv/tb\troot', '/srv/tb\\011root/usr'],
    ['a backslash', '/srv/tb\\root', '/srv/tb\\134root/usr'],
  ])('escapes %s in a path as fstab(5) wants', (_what, root, want) => {
    const first = fstabFor(root, [{ op: 'ro', args: ['/usr', '/usr'] }]).split('\n')[0] ?? '';
    expect(first.split(' ')[1]).toBe(want);
  });

  it('masks and read-only binds of /proc and /sys come last, only for what the kernel has, never as mount targets to make', () => {
    const present = ['/proc/sys/', '/proc/kallsyms', '/proc/acpi/', '/sys/firmware/'];
    const lines = fstabFor('/r', [{ op: 'ro', args: ['/usr', '/usr'] }], present).trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      '/r/proc/sys /r/proc/sys none bind,ro,nosuid,nodev,noexec 0 0',
      '/dev/null /r/proc/kallsyms none bind,ro 0 0',
      'tmpfs /r/proc/acpi tmpfs ro,nosuid,nodev,noexec,size=0,mode=555 0 0',
      'tmpfs /r/sys/firmware tmpfs ro,nosuid,nodev,noexec,size=0,mode=555 0 0',
    ]);
    expect(lines.some((l) => l.includes('kcore'))).toBe(false);
    expect(mountTargetsFor([{ op: 'ro', args: ['/usr', '/usr'] }]).some((t) => t.rel.includes('kallsyms'))).toBe(false);
  });

  it('refuses an op that has no fstab form', () => {
    expect(() => fstabFor('/r', [mounts[2] as MountOp])).toThrow(/ovkeep/);
  });

  it('lists every target, binds with the source whose kind they take', () => {
    const targets = mountTargetsFor(startMounts(mounts, '/c/fstab').fstabMounts);
    expect(targets.slice(0, 4)).toEqual([
      { rel: 'usr', like: '/usr' },
      { rel: 'etc' },
      { rel: 'run' },
      { rel: 'opt/tbvnode/tmcc.cjs', like: '/x/tmcc.cjs' },
    ]);
    expect(targets).toContainEqual({ rel: 'dev/tty', like: '/dev/tty' });
    expect(targets).toContainEqual({ rel: 'proc' });
  });
});

describe('sysViewMounts', () => {
  it('mounts sysfs read-only, then only the /sys masks the kernel has', () => {
    expect(sysViewMounts(['/proc/kcore', '/sys/firmware/'])).toEqual([
      ['sysfs', '/sys', 'sysfs', 'ro,nosuid,nodev,noexec'],
      ['tmpfs', '/sys/firmware', 'tmpfs', 'ro,nosuid,nodev,noexec,size=0,mode=555'],
    ]);
    expect(sysViewMounts([])).toEqual([['sysfs', '/sys', 'sysfs', 'ro,nosuid,nodev,noexec']]);
  });
});
