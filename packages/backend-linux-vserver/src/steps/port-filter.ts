// Runtime: a vnode's anti-spoofing chains, one per port it sends from (its
// control port in cbr0, each LAN port), in one nft transaction. Run before the
// veths exist, so there is no moment a vnode port is in a bridge unfiltered.
import type { StepType } from '@tbvnode/core';
import { failed } from '../net/ip.js';
import { nftMissing, portFilterScript, portUnfilterScript, type PortFilter } from '../net/nft.js';
import { noFilterError } from './filter-table.js';

export interface PortFilterParams {
  readonly filters: readonly PortFilter[];
  readonly mode: 'require' | 'warn';
}

const NFT_TIMEOUT_MS = 10_000;

export const portFilterStep: StepType<PortFilterParams, { readonly applied: boolean }> = {
  name: 'linux.port-filter',
  describe: (p) => `anti-spoofing on ${p.filters.map((f) => f.port).join(', ')}`,
  async apply(p, env) {
    const input = portFilterScript(p.filters);
    await env.record({ applied: true });
    const r = await env.deps.runner.run(['nft', '-f', '-'], { reject: false, timeoutMs: NFT_TIMEOUT_MS, input });
    if (r.exitCode === 0) return { applied: true };
    // One transaction that ended in failure applied nothing (only a timeout leaves it unknown).
    if (r.exitCode !== null) await env.record({ applied: false });
    // No nft, or no table (the host could not make it, or it is gone): that is "unavailable".
    const unavailable = r.exitCode === 127 || nftMissing(r.stderr);
    if (!unavailable) throw failed(r);
    const detail = r.exitCode === 127
      ? 'no nft command'
      : 'no table bridge tbvnode: the host was prepared without it; prepare it again (remove its prepared marker and run bootvnodes, or reboot)';
    if (p.mode === 'warn') {
      env.log.warn({ detail }, 'vnode runs WITHOUT anti-spoofing');
      return { applied: false };
    }
    throw noFilterError(detail);
  },
  async revert(p, result, env) {
    if (result?.applied === false) return;
    const input = portUnfilterScript(p.filters.map((f) => f.port));
    const r = await env.deps.runner.run(['nft', '-f', '-'], { reject: false, timeoutMs: NFT_TIMEOUT_MS, input });
    // Table gone (host undone, or rebooted) or no nft at all: nothing of ours is left.
    if (r.exitCode === 0 || r.exitCode === 127 || nftMissing(r.stderr)) return;
    throw failed(r);
  },
};
