// What the backend journals, step by step with every parameter, for a few
// kinds of vnode, against journal-golden.json (written by the code before the
// layout module, main at 10f3395). Journals on disk outlive the code that wrote
// them: a halted vnode's persistent steps are reused only when their params are
// the same (core's step runner compares them), and any old journal is undone by
// the revert of the step it names, with the params it holds. Same steps and
// params: old journals still undo and old roots are still restored.
//
// No root needed: the step runner here records (reusing persistent steps as
// core's does) instead of running, and the host facts the backend reads come
// from a table, so the file is the same on every machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostPaths, vnodePaths, type BackendOptions, type CoreDeps, type HostContext, type MountEntry, type VnodeContext } from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { createLinuxBackend } from '../../src/index.js';
import { factsFs, recorder, V1, V2, type Entry } from '../support/plan-world.js';

const GOLDEN = fileURLToPath(new URL('./journal-golden.json', import.meta.url));
// Set only to record a deliberate journal change (and then show old journals still undo).
const WRITE = process.env['TBVNODE_WRITE_JOURNAL_GOLDEN'] === '1';

interface Scenario {
  readonly name: string;
  readonly options: BackendOptions;
  readonly id: string;
  readonly config: Partial<VnodeContext['config']>;
  readonly cgroup?: readonly MountEntry[];
  /** Also exists on the host (templates, the tmcc cache). */
  readonly existing?: (host: HostContext['paths'], vnode: ReturnType<typeof vnodePaths>) => string[];
}

const IFCONFIG = [
  'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 VMAC=00000a010102 LAN=lan0 VTAG=101\n',
  'INTERFACE IFACETYPE=vlan INET=10.1.2.2 MASK=255.255.255.0 VMAC= LAN=lan1\n',
  'INTERFACE IFACETYPE=veth INET=10.1.3.2 MASK=255.255.0.0 VMAC= LAN=\n',
].join('');

const SCENARIOS: Scenario[] = [
  {
    name: 'emulab id, overlay, tmcc, three interfaces, v1 limits',
    options: { tmccBundle: '/opt/tb/tmcc.cjs', nodePath: '/opt/tb/node/bin/node', bossName: 'boss.example.net', pids: 64, memoryMb: 256, cpus: 0.5 },
    id: 'pcvm3-12',
    config: { replies: new Map([['ifconfig', IFCONFIG]]), controlIp: '172.16.0.13', hostname: 'node1.exp.proj.example.net', experiment: { pid: 'proj', eid: 'exp' } },
    cgroup: V1,
    existing: (h, v) => [path.join(h.hostStateDir, 'linux-var'), path.join(h.hostStateDir, 'linux-etc'), v.tmccCacheDir],
  },
  {
    name: 'allocated number, copy mode, no tmcc, no limits, no filter, JAILIP',
    options: { privateDirs: 'copy', pids: 'max', memoryMb: 'max', cpuWeight: 'max', portFilter: 'off', routerIp: '172.16.0.254' },
    id: 'web',
    config: { jailconfig: { JAILIP: ['172.17.1.9,255.240.0.0'] }, replies: new Map(), controlMask: '255.240.0.0' },
    existing: (h) => [path.join(h.hostStateDir, 'linux-etc')],
  },
  {
    name: 'emulab bridge mode, v2 limits, cgroup parent, boss from the manager',
    options: { bridgeMode: 'emulab', controlIface: 'eth0', controlCidr: '10.0.0.5/24', controlGateway: '10.0.0.1', cgroupParent: 'emulab.slice/tbvnode', cpuWeight: 300 },
    id: 'pcvm1-1',
    config: { replies: new Map([['ifconfig', IFCONFIG.split('\n')[0] as string]]), controlIp: '172.16.0.2', boss: { name: 'boss', ports: [7778] }, experiment: { pid: 'p', eid: 'e' } },
    cgroup: V2,
    existing: (h) => [path.join(h.hostStateDir, 'linux-var'), path.join(h.hostStateDir, 'linux-etc')],
  },
];

type Phases = Record<string, Entry[]>;

async function journalOf(s: Scenario): Promise<Phases> {
  const paths = hostPaths('/srv/tbvnode-golden');
  const vp = vnodePaths(paths, s.id);
  const base = createTestDeps();
  const deps: CoreDeps = { ...base, fs: factsFs(new Set(s.existing?.(paths, vp) ?? [])), mounts: { read: async () => s.cgroup ?? [] } };
  const backend = createLinuxBackend(s.options);
  const host: HostContext = { paths, deps, log: deps.log, options: s.options };
  const out: Phases = {};
  const hostSteps = recorder();
  await backend.prepareHost(host, hostSteps);
  out['prepareHost'] = hostSteps.entries;
  const config = { jailconfig: {}, replies: new Map(), ...s.config };
  // Two lives, as the manager has them: a fresh context and runner each, the second on the first's kept journal.
  let kept: Entry[] = [];
  for (const life of [1, 2]) {
    const vnode: VnodeContext = { id: vp.id, paths: vp, host, config, options: s.options, deps, log: deps.log };
    const steps = recorder(kept);
    const mark = (): number => steps.entries.length;
    let at = mark();
    await backend.create(vnode, steps);
    out[`life ${life}: create`] = steps.entries.slice(at);
    at = mark();
    await backend.configureNetwork(vnode, steps);
    out[`life ${life}: configureNetwork`] = steps.entries.slice(at);
    at = mark();
    const running = await backend.boot(vnode, steps);
    out[`life ${life}: boot`] = steps.entries.slice(at);
    await running.exited;
    // A halt keeps the persistent steps.
    kept = [...kept, ...steps.entries.filter((e) => e.phase === 'persistent')];
  }
  return out;
}

describe('the journal a vnode writes (compatibility with journals on disk)', () => {
  it('journals the same steps with the same params as the code before the layout module', async () => {
    const now: Record<string, Phases> = {};
    for (const s of SCENARIOS) now[s.name] = await journalOf(s);
    if (WRITE) writeFileSync(GOLDEN, `${JSON.stringify(now, null, 1)}\n`);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing`).toBe(true);
    expect(now).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });
});
