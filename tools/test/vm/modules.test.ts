import { describe, expect, it } from 'vitest';
import { loadOrder, moduleName, parseBuiltin, parseModulesDep } from '../../src/vm/modules.js';

// Lines as Debian 6.1's depmod writes them (transitive deps, deepest last).
const DEP = `kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/net/9p/9pnet.ko:
kernel/net/9p/9pnet_virtio.ko: kernel/drivers/virtio/virtio.ko kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio_ring.ko
kernel/fs/netfs/netfs.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/fs/overlayfs/overlay.ko:
`;

describe('kernel module load order', () => {
  const index = parseModulesDep(DEP);
  const short = (files: string[]) => files.map(moduleName);

  it('loads every module after what it needs (virtio before virtio_ring fails, fscache before netfs fails)', () => {
    expect(short(loadOrder(index, ['virtio_pci', '9pnet_virtio', '9p', 'overlay']))).toEqual([
      'virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci',
      '9pnet', '9pnet_virtio', 'netfs', 'fscache', '9p', 'overlay',
    ]);
  });

  it('loads each module once, and accepts dashes for underscores', () => {
    expect(short(loadOrder(index, ['virtio', 'virtio-ring', 'virtio']))).toEqual(['virtio_ring', 'virtio']);
  });

  it('refuses a module it cannot find unless it is built in', () => {
    expect(() => loadOrder(index, ['veth', 'overlay'])).toThrow(/not found in modules.dep: veth/);
    expect(short(loadOrder(index, ['veth', 'overlay'], parseBuiltin('kernel/drivers/net/veth.ko\n')))).toEqual(['overlay']);
  });

  it('names compressed modules by their module name', () => {
    expect(moduleName('kernel/fs/9p/9p.ko.xz')).toBe('9p');
    expect(moduleName('kernel/net/9p/9pnet-virtio.ko.zst')).toBe('9pnet_virtio');
  });

  it('reports a dependency loop instead of recursing forever', () => {
    const looped = parseModulesDep('a.ko: b.ko\nb.ko: a.ko\n');
    expect(() => loadOrder(looped, ['a'])).toThrow(/loop: a.ko -> b.ko -> a.ko/);
  });
});
