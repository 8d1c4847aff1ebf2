// Can this host filter vnode ports (nftables' bridge family)? `nft --check`
// sends a throwaway table to the kernel inside a transaction it then aborts:
// the kernel's answer, with nothing changed. br_netfilter is not needed: the
// bridge family sees bridged frames itself.
import type { CoreDeps, ProbeCheck } from '@tbvnode/core';
import type { LinuxOptions } from '../backend/options.js';

const PROBE_SCRIPT = [
  'add table bridge tbvnode-probe',
  'add chain bridge tbvnode-probe c { type filter hook prerouting priority -300; policy accept; }',
  'add map bridge tbvnode-probe m { type ifname : verdict; }',
  'add rule bridge tbvnode-probe c iifname vmap @m',
  'add rule bridge tbvnode-probe c ether saddr != 02:00:00:00:00:01 drop',
  'add rule bridge tbvnode-probe c arp saddr ip != { 10.0.0.1 } drop',
  'add rule bridge tbvnode-probe c ip saddr != { 10.0.0.1 } drop',
].join('\n') + '\n';

export type FilterSupport = { readonly nft: false } | { readonly nft: true; readonly kernel: boolean; readonly detail?: string };

/** Pure: the doctor's line for the anti-spoofing filter, per the portFilter option. */
export function portFilterChecks(mode: LinuxOptions['portFilter'], s: FilterSupport): ProbeCheck[] {
  const name = 'anti-spoofing (nftables bridge family)';
  if (mode === 'off') return [{ name, ok: true, detail: 'WARNING: portFilter=off: vnodes may forge MAC and IP addresses on cbr0 and their LANs' }];
  const missing = !s.nft ? 'install nftables (the nft command)' : !s.kernel ? `the kernel refused a bridge-family table (${s.detail ?? 'no detail'}): needs CONFIG_NF_TABLES_BRIDGE` : undefined;
  if (missing === undefined) return [{ name, ok: true }];
  if (mode === 'warn') return [{ name, ok: true, detail: `WARNING: ${missing}; with portFilter=warn vnodes run unfiltered` }];
  return [{ name, ok: false, detail: `${missing}, or set portFilter=warn (or off) to run vnodes unfiltered` }];
}

export async function probeFilterSupport(deps: CoreDeps): Promise<FilterSupport> {
  const r = await deps.runner
    .run(['nft', '--check', '-f', '-'], { reject: false, timeoutMs: 5_000, input: PROBE_SCRIPT })
    .catch((e: unknown) => ({ exitCode: 127, stderr: String(e) }));
  if (r.exitCode === 127) return { nft: false };
  return r.exitCode === 0 ? { nft: true, kernel: true } : { nft: true, kernel: false, detail: r.stderr.trim().split('\n')[0] ?? '' };
}
