// What the demo proves about running vnodes: each talks over its LANs, and tmcc
// inside answers with the vnode's own identity even when the caller claims
// another one (the proxy overwrites it).
import type { Argv } from '@tbvnode/core';
import type { ThrowawayHost } from '@tbvnode/test-host';

export interface VnodeUnderTest {
  readonly vnodeId: string;
  readonly initPid: number;
  readonly managerPid: number;
  readonly controlIp: string;
  readonly lans: ReadonlyArray<{ readonly lan: string; readonly ip: string }>;
}

export interface PingCheck {
  readonly from: string;
  readonly to: string;
  readonly ip: string;
  readonly lan: string;
}

/** Pure: one ping per ordered pair of vnodes that share a LAN. */
export function planPings(vnodes: readonly VnodeUnderTest[]): PingCheck[] {
  const out: PingCheck[] = [];
  for (const a of vnodes) {
    for (const b of vnodes) {
      if (a === b) continue;
      for (const l of b.lans) {
        if (a.lans.some((x) => x.lan === l.lan)) out.push({ from: a.vnodeId, to: b.vnodeId, ip: l.ip, lan: l.lan });
      }
    }
  }
  return out;
}

const TMCC = '/opt/tbvnode/bin/tmcc';

export async function runChecks(host: ThrowawayHost, vnodes: readonly VnodeUnderTest[], say: (s: string) => void): Promise<number> {
  let failures = 0;
  const check = (passed: boolean, text: string): void => {
    if (!passed) failures++;
    say(`    ${passed ? 'ok  ' : 'FAIL'} ${text}`);
  };
  const inVnode = async (v: VnodeUnderTest, argv: Argv): Promise<{ code: number | null; out: string }> => {
    const r = await host.execInVnode(v.initPid, argv, { reject: false, timeoutMs: 20_000 });
    return { code: r.exitCode, out: `${r.stdout}${r.stderr}`.trim() };
  };
  for (const v of vnodes) {
    const name = await inVnode(v, ['cat', '/proc/sys/kernel/hostname']);
    const links = await inVnode(v, ['ip', '-br', 'link']);
    const names = links.out.split('\n').map((l) => l.split(/\s+/)[0]?.replace(/@.*/, '') ?? '');
    say(`    ${v.vnodeId}: hostname ${name.out}, interfaces ${names.join(' ')}`);
    const own = await inVnode(v, [TMCC, 'nodeid']);
    check(own.code === 0 && own.out === v.vnodeId, `${v.vnodeId}: tmcc nodeid -> ${own.out || `(exit ${own.code})`}`);
    const other = vnodes.find((x) => x !== v)?.vnodeId ?? 'pcvm999-9';
    const spoof = await inVnode(v, [TMCC, '-n', other, 'nodeid']);
    check(spoof.code === 0 && spoof.out === v.vnodeId, `${v.vnodeId}: tmcc -n ${other} nodeid -> ${spoof.out || `(exit ${spoof.code})`} (the proxy keeps its identity)`);
  }
  const byId = new Map(vnodes.map((v) => [v.vnodeId, v]));
  for (const p of planPings(vnodes)) {
    const from = byId.get(p.from);
    if (!from) continue;
    const r = await inVnode(from, ['ping', '-c', '1', '-W', '2', p.ip]);
    check(r.code === 0, `${p.from} -> ${p.to} ${p.ip} over ${p.lan}: ${r.code === 0 ? 'ping answered' : `ping failed (exit ${r.code})`}`);
  }
  return failures;
}
