// Pure: the qemu command line. Software emulation (TCG: no KVM here), no network
// device at all (the guest's namespaces only talk among themselves), the host's
// root shared read-only and a scratch dir read-write over virtio-9p.

export interface QemuPlan {
  readonly kernel: string;
  readonly initrd: string;
  readonly scratchDir: string;
  readonly memoryMb: number;
  readonly cpus: number;
  /** Extra kernel command line words. */
  readonly append?: readonly string[];
}

// Only cgroup2: systemd's switch for distributions that would mount v1, and the
// kernel's own refusal of every v1 controller (nothing could mount one).
export const CGROUP_V2_ONLY = ['systemd.unified_cgroup_hierarchy=1', 'cgroup_no_v1=all'] as const;

export function qemuArgv(p: QemuPlan): [string, ...string[]] {
  const cmdline = ['console=ttyS0', 'panic=-1', 'quiet', ...CGROUP_V2_ONLY, ...(p.append ?? [])].join(' ');
  return [
    'qemu-system-x86_64',
    '-machine', 'q35', '-accel', 'tcg,thread=multi', '-cpu', 'max',
    '-smp', String(p.cpus), '-m', String(p.memoryMb),
    '-nic', 'none', '-display', 'none', '-no-reboot', '-serial', 'stdio', '-monitor', 'none',
    '-kernel', p.kernel, '-initrd', p.initrd, '-append', cmdline,
    // multidevs=remap: the host root spans several filesystems; keep inode numbers unique.
    '-virtfs', 'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-virtfs', `local,path=${p.scratchDir},mount_tag=scratch,security_model=none`,
  ];
}
