// Host scope: the anti-spoofing table `bridge tbvnode` (net/nft.ts), made by
// prepareHost. Like cbr0, undo never pulls it from under a vnode: it refuses
// while any vnode port is still in its dispatch map.
import type { StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { failed } from '../net/ip.js';
import { FILTER_TABLE, mapHasElements, nftMissing, tableScript } from '../net/nft.js';

export type PortFilterMode = 'require' | 'warn' | 'off';

export interface FilterTableParams {
  /** require: a host without nftables' bridge family fails; warn: it logs and goes on unfiltered. */
  readonly mode: 'require' | 'warn';
}

export interface FilterTableResult {
  readonly created: boolean;
  /** warn mode: the host could not make the table. */
  readonly unavailable?: boolean;
}

const NFT_TIMEOUT_MS = 10_000;

/** The error for a host without usable nftables (command missing, or the kernel lacks the bridge family). */
export function noFilterError(detail: string): LinuxBackendError {
  return new LinuxBackendError(
    'LINUX_NO_PORT_FILTER',
    `anti-spoofing filter unavailable (${detail}): install nftables and use a kernel with CONFIG_NF_TABLES_BRIDGE, or set portFilter=warn (or off) to run vnodes unfiltered`,
  );
}

export const filterTableStep: StepType<FilterTableParams, FilterTableResult> = {
  name: 'linux.filter-table',
  describe: () => `nftables table bridge ${FILTER_TABLE}`,
  async apply(p, env) {
    await env.record({ created: true });
    const r = await env.deps.runner.run(['nft', '-f', '-'], { reject: false, timeoutMs: NFT_TIMEOUT_MS, input: tableScript() });
    if (r.exitCode === 0) return { created: true };
    // One transaction that ended in failure made nothing (only a timeout leaves it unknown).
    if (r.exitCode !== null) await env.record({ created: false });
    // Made earlier (this boot, by another run): not this step's to delete.
    if (/File exists/.test(r.stderr)) return { created: false };
    // Only "no nft" or "the kernel does not do this" means unavailable; any other failure is a failure.
    if (r.exitCode !== 127 && !/not supported|No such file or directory/.test(r.stderr)) throw failed(r);
    const detail = r.exitCode === 127 ? 'no nft command' : r.stderr.trim().split('\n')[0] ?? `exit ${r.exitCode}`;
    if (p.mode === 'warn') {
      env.log.warn({ detail }, 'vnodes will run WITHOUT anti-spoofing: nftables bridge filtering is unavailable');
      return { created: false, unavailable: true };
    }
    throw noFilterError(detail);
  },
  async revert(_p, result, env) {
    const { runner } = env.deps;
    if (result?.created !== true) return;
    const list = await runner.run(['nft', 'list', 'map', 'bridge', FILTER_TABLE, 'ports'], { reject: false, timeoutMs: NFT_TIMEOUT_MS });
    if (list.exitCode === 127 || (list.exitCode !== 0 && (nftMissing(list.stderr) || /not supported/.test(list.stderr)))) return;
    if (list.exitCode !== 0) throw failed(list);
    if (mapHasElements(list.stdout)) {
      throw new LinuxBackendError('LINUX_FILTER_IN_USE', `nftables table bridge ${FILTER_TABLE} still filters vnode ports; not deleting it`);
    }
    const r = await runner.run(['nft', 'delete', 'table', 'bridge', FILTER_TABLE], { reject: false, timeoutMs: NFT_TIMEOUT_MS });
    if (r.exitCode !== 0 && !nftMissing(r.stderr)) throw failed(r);
  },
};
