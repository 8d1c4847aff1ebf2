// The layout is what is on disk and on the host for every vnode made so far:
// these tables are the names as they are, not as they might be.
import { describe, expect, it } from 'vitest';
import { hostPaths, vnodePaths } from '@tbvnode/core';
import { hostLayout, vnodeAllocations, vnodeIfNames, vnodeLayout } from '../../src/backend/vnode-layout.js';
import { ALLOCATED_MAX, ALLOCATED_MIN, IFNAMSIZ_MAX } from '../../src/net/names.js';
import { DEFAULT_LIMITS } from '../../src/backend/options.js';

const host = hostPaths('/srv/tb');
const layoutOf = (id: string, privateDirs: 'overlay' | 'copy' = 'overlay', cgroupParent = 'tbvnode') =>
  vnodeLayout({ id, paths: vnodePaths(host, id) }, { privateDirs, cgroupParent });

describe('vnodeLayout', () => {
  const l = layoutOf('pcvm3-12');
  it.each([
    ['rootDir', '/srv/tb/var/emulab/jails/pcvm3-12/root'],
    ['configDir', '/srv/tb/var/emulab/jails/pcvm3-12'],
    ['overlayDir', '/srv/tb/var/emulab/jails/pcvm3-12/overlay'],
    ['etcOnHost', '/srv/tb/var/emulab/jails/pcvm3-12/overlay/etc/upper'],
    ['localEtc', '/srv/tb/var/emulab/jails/pcvm3-12/local-etc'],
    ['fstab', '/srv/tb/var/emulab/jails/pcvm3-12/fstab'],
    ['pidFile', '/srv/tb/var/emulab/jails/pcvm3-12/vnode.pid'],
    ['consoleLog', '/srv/tb/var/emulab/jails/pcvm3-12/logs/console.log'],
    ['vrunningOnHost', '/srv/tb/var/emulab/jails/pcvm3-12/root/var/emulab/boot/vrunning'],
    ['cgroup', 'tbvnode/pcvm3-12'],
  ] as const)('%s is %s', (key, want) => expect(l[key]).toBe(want));

  it('keeps the overlays\' upper and work dirs beside the root, the proxy and tmcc cache where the vnode looks', () => {
    expect(l.overlays).toEqual({
      etc: { upper: '/srv/tb/var/emulab/jails/pcvm3-12/overlay/etc/upper', work: '/srv/tb/var/emulab/jails/pcvm3-12/overlay/etc/work' },
      var: { upper: '/srv/tb/var/emulab/jails/pcvm3-12/overlay/var/upper', work: '/srv/tb/var/emulab/jails/pcvm3-12/overlay/var/work' },
    });
    expect(l.proxy).toEqual({ onHost: '/srv/tb/var/emulab/jails/pcvm3-12/root/var/emulab/tmcc', inside: '/var/emulab/tmcc' });
    expect(l.tmccCache).toEqual({ onHost: '/srv/tb/var/emulab/boot/tmcc.pcvm3-12', inside: '/var/emulab/boot/tmcc' });
  });

  it('copy mode writes /etc into the root itself; the cgroup sits below the operator\'s parent', () => {
    const c = layoutOf('web', 'copy', 'emulab.slice/tbvnode');
    expect(c.etcOnHost).toBe('/srv/tb/var/emulab/jails/web/root/etc');
    expect(c.cgroup).toBe('emulab.slice/tbvnode/web');
  });

  it('names the allocator slots the journal holds (id range, interface number)', () => {
    const a = vnodeAllocations('pcvm3-12', host);
    expect(a.idSlot).toEqual({ dir: '/srv/tb/var/run/tbvnode-host/alloc', spec: { name: 'linux-userns', min: 0, max: 4095 }, owner: 'pcvm3-12', key: 'ids' });
    expect(a.ifNumber).toEqual({ dir: '/srv/tb/var/run/tbvnode-host/alloc', spec: { name: 'linux-ifnum', min: ALLOCATED_MIN, max: ALLOCATED_MAX }, owner: 'pcvm3-12', key: 'cnet' });
  });
});

describe('hostLayout', () => {
  it('keeps the per-host templates in the host state dir; cbr0 carries the alias label cbr0:1', () => {
    expect(hostLayout(host)).toEqual({
      varTemplate: '/srv/tb/var/run/tbvnode-host/linux-var',
      etcTemplate: '/srv/tb/var/run/tbvnode-host/linux-etc',
      controlBridge: 'cbr0',
      controlAliasLabel: 'cbr0:1',
    });
  });
});

describe('vnodeIfNames', () => {
  it.each([
    [0, 1, 'pnet0', 'cnet0', ['pe0.0', 've0.0', 'eth0']],
    [12, 2, 'pnet12', 'cnet12', ['pe12.1', 've12.1', 'eth1']],
    [ALLOCATED_MIN, 1, 'pnet100000', 'cnet100000', ['pe100000.0', 've100000.0', 'eth0']],
    [ALLOCATED_MAX, DEFAULT_LIMITS.maxInterfaces, 'pnet999999', 'cnet999999', ['pe999999.15', 've999999.15', 'eth15']],
  ] as const)('vnode %i with %i interfaces: %s/%s, last %j', (n, count, host, vnode, last) => {
    const names = vnodeIfNames(n, count);
    expect(names.control).toEqual({ host, vnode });
    expect(names.experiment).toHaveLength(count);
    const l = names.experiment[count - 1];
    expect([l?.host, l?.vnodeTemp, l?.inside]).toEqual(last);
  });

  it('fits IFNAMSIZ up to the most interfaces a name can hold on the largest number', () => {
    // pe999999.99999 is 14 characters, pe999999.100000 the 15 of IFNAMSIZ.
    const names = vnodeIfNames(ALLOCATED_MAX, 100_001);
    const l = names.experiment[100_000];
    expect([l?.host, l?.vnodeTemp, l?.inside]).toEqual(['pe999999.100000', 've999999.100000', 'eth100000']);
    expect(l?.host.length).toBe(IFNAMSIZ_MAX);
  });

  it('refuses names the kernel would not take, and numbers out of range', () => {
    expect(() => vnodeIfNames(ALLOCATED_MAX, 1_000_001)).toThrow(/"pe999999\.1000000" does not fit/);
    expect(() => vnodeIfNames(ALLOCATED_MAX + 1, 0)).toThrow(/out of range/);
  });
});
