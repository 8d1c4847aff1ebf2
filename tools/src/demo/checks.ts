// What the demo proves about running vnodes: each reaches its peers over its
// LANs (a UDP echo through the vnode's own node; no ping needed), and tmcc
// inside answers with the vnode's own identity even when the caller claims
// another one (the proxy overwrites it).
import type { Argv } from '@tbvnode/core';
import { checkContainment, formatContainment } from '@tbvnode/backend-linux-vserver';
import type { ThrowawayHost } from '@tbvnode/test-host';
import { echoClientArgv, echoServerArgv, nodeInsideVnode } from './echo-probe.js';
import { startLineProcess, type LineProcess } from './line-process.js';

export interface VnodeUnderTest {
  readonly vnodeId: string;
  readonly initPid: number;
  readonly managerPid: number;
  readonly controlIp: string;
  readonly lans: ReadonlyArray<{ readonly lan: string; readonly ip: string }>;
}

export interface ProbeCheck {
  readonly from: string;
  readonly to: string;
  readonly ip: string;
  readonly lan: string;
}

/** Pure: one probe per ordered pair of vnodes that share a LAN. */
export function planProbes(vnodes: readonly VnodeUnderTest[]): ProbeCheck[] {
  const out: ProbeCheck[] = [];
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
    // Containment: what the vnode's root must not do, tried as that root.
    const exec = (argv: Argv, input?: string) => host.runner.run(argv, { reject: false, timeoutMs: 20_000, ...(input !== undefined ? { input } : {}) });
    for (const line of formatContainment(await checkContainment(exec, v.initPid))) check(line.endsWith(': denied'), `${v.vnodeId}: ${line}`);
  }
  const byId = new Map(vnodes.map((v) => [v.vnodeId, v]));
  const node = nodeInsideVnode(process.execPath);
  const servers: LineProcess[] = [];
  try {
    for (const v of vnodes) {
      const s = startLineProcess(
        ['nsenter', '-t', String(v.initPid), '-m', '-u', '-i', '-n', '-p', '--', ...echoServerArgv(node, v.lans.map((l) => l.ip))],
        { input: true, onErrLine: (l) => say(`    ${v.vnodeId} echo server: ${l}`) },
      );
      servers.push(s);
      await s.waitForLine((l) => l === 'ready', 20_000, `the echo server in ${v.vnodeId}`);
    }
    for (const p of planProbes(vnodes)) {
      const from = byId.get(p.from);
      if (!from) continue;
      const r = await inVnode(from, echoClientArgv(node, p.ip));
      check(r.code === 0, `${p.from} -> ${p.to} ${p.ip} over ${p.lan}: ${r.code === 0 ? 'UDP echo answered' : `no UDP echo (exit ${r.code}: ${r.out})`}`);
    }
  } finally {
    for (const s of servers) s.endInput();
    await Promise.all(servers.map(async (s) => {
      const timer = setTimeout(() => void s.stop('SIGKILL'), 10_000);
      await s.exited;
      clearTimeout(timer);
    }));
  }
  return failures;
}
