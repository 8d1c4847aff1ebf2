// Whether the kernel can make the links every vnode needs (a veth pair into
// cbr0, bridges for cbr0 and the LANs). /proc/modules and /sys/module miss
// built-in drivers (veth built in has no /sys/module entry), so the probe asks the
// kernel: it makes one of each in a private network namespace that vanishes with
// the command. Nothing on the host changes.
import type { CoreDeps, ProbeCheck } from '@tbvnode/core';

const LINK_DRIVERS = {
  veth: { config: 'CONFIG_VETH', batch: 'link add tbvprobe0 type veth peer name tbvprobe1\n' },
  bridge: { config: 'CONFIG_BRIDGE', batch: 'link add tbvprobe2 type bridge\n' },
} as const;

export type LinkDriver = keyof typeof LINK_DRIVERS;

/** Pure: the check for `driver` from how `unshare --net ip -batch` ended. */
export function linkDriverCheck(driver: LinkDriver, r: { readonly exitCode: number | null; readonly stderr: string }): ProbeCheck {
  const name = `${driver} driver`;
  if (r.exitCode === 0) return { name, ok: true, detail: 'the kernel made one in a private network namespace' };
  if (/unknown device type|not supported|no such device/i.test(r.stderr)) {
    return { name, ok: false, detail: `the kernel has no ${driver} links: modprobe ${driver}, or a kernel with ${LINK_DRIVERS[driver].config}` };
  }
  const why = r.stderr.trim().split('\n').slice(-1)[0] || `exit ${String(r.exitCode)}`;
  return { name, ok: false, detail: `could not ask the kernel (unshare --net ip link add ... type ${driver}): ${why}` };
}

export async function probeLinkDrivers(deps: Pick<CoreDeps, 'runner'>): Promise<ProbeCheck[]> {
  const checks: ProbeCheck[] = [];
  for (const driver of Object.keys(LINK_DRIVERS) as LinkDriver[]) {
    const r = await deps.runner
      .run(['unshare', '--net', '--', 'ip', '-batch', '-'], { input: LINK_DRIVERS[driver].batch, reject: false, timeoutMs: 5_000 })
      .catch((e: unknown) => ({ exitCode: null, stderr: String(e) }));
    checks.push(linkDriverCheck(driver, r));
  }
  return checks;
}
