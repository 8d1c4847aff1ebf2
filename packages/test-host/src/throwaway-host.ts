// A throwaway "physical host": its own network namespace with a veth as its
// control interface (the far end in a second namespace playing the control-net
// router), and a private root dir. Vnodes are built inside it; destroy() undoes
// everything and then proves the machine is exactly as it was before.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ifExists, type Argv, type CommandResult, type CommandRunner, type RunOptions } from '@tbvnode/core';
import { createTrackingRunner, type TrackingRunner } from './tracking-runner.js';
import { descendants, killPid, listProcesses, usingDir, waitGone } from './processes.js';
import { diffSnapshots, formatDiff, parseMountPoints, snapshotMachine, type MachineSnapshot } from './snapshot.js';

export interface ThrowawayHostOptions {
  /** Control net of the throwaway host (inside its namespaces only). */
  readonly controlIp?: string;
  readonly gatewayIp?: string;
  readonly controlPrefix?: number;
  /** Verify the machine against the snapshot on destroy (default true). */
  readonly verify?: boolean;
}

export interface ThrowawayHost {
  /** `ip netns` name: `ip netns exec <netns> …` to look around by hand. */
  readonly netns: string;
  readonly netnsPath: string;
  /** The router side of the control link, another throwaway namespace. */
  readonly gatewayNetns: string;
  readonly rootDir: string;
  readonly controlIf: string;
  readonly controlIp: string;
  readonly controlPrefix: number;
  readonly gatewayIp: string;
  /** Runs argv inside the host's network namespace; pids it starts are tracked. */
  readonly runner: CommandRunner;
  run(argv: Argv, options?: RunOptions): Promise<CommandResult>;
  /** Runs argv in the router namespace (to test reachability of the host). */
  runOnGateway(argv: Argv, options?: RunOptions): Promise<CommandResult>;
  /** Runs argv inside a vnode given its init's pid (all of its namespaces). */
  execInVnode(initPid: number, argv: Argv, options?: RunOptions): Promise<CommandResult>;
  /** Interface names inside the host namespace. */
  links(): Promise<string[]>;
  destroy(): Promise<void>;
}

class MachineChangedError extends Error {
  readonly code = 'MACHINE_CHANGED';
  constructor(readonly diff: string) {
    super(`throwaway host left the machine changed:\n${diff}`);
  }
}

const HOST_NAME = /tbvh-[0-9a-f]{8}/;

async function isMountPoint(p: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return parseMountPoints(info).includes(p);
}

function exists(p: string): Promise<boolean> {
  return ifExists(stat(p).then(() => true), false);
}

// `ip netns add` turns /run/netns into a mount point the first time. Several
// throwaway hosts (parallel test files, separate processes) share that, so the
// first one to cause it leaves a note, and whichever is last to leave it empty
// puts it back.
const RUN_NETNS_NOTE = path.join(os.tmpdir(), 'tbvh-run-netns.json');

async function noteRunNetns(): Promise<void> {
  if (await isMountPoint('/run/netns')) return;
  const note = JSON.stringify({ dirCreated: !(await exists('/run/netns')) });
  await writeFile(RUN_NETNS_NOTE, note, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
    // Another host already noted it: theirs is the same truth.
    if (e.code !== 'EEXIST') throw e;
  });
}

async function restoreRunNetns(runner: CommandRunner, problems: string[]): Promise<void> {
  const text = await ifExists(readFile(RUN_NETNS_NOTE, 'utf8'));
  if (text === undefined) return;
  const note = JSON.parse(text) as { dirCreated?: boolean };
  if (!(await exists('/run/netns')) || (await readdir('/run/netns')).length > 0) return;
  if (await isMountPoint('/run/netns')) {
    const r = await runner.run(['umount', '/run/netns'], { reject: false });
    if (r.exitCode !== 0) return;
  }
  if (note.dirCreated) await rmdir('/run/netns').catch((e: unknown) => problems.push(`rmdir /run/netns: ${String(e)}`));
  await rm(RUN_NETNS_NOTE, { force: true });
}

export async function createThrowawayHost(options: ThrowawayHostOptions = {}): Promise<ThrowawayHost> {
  const plain = createTrackingRunner();
  const before = await snapshotMachine(plain, process.pid);
  await noteRunNetns();

  const netns = `tbvh-${randomBytes(4).toString('hex')}`;
  const gatewayNetns = `${netns}-gw`;
  const netnsPath = `/run/netns/${netns}`;
  const controlIp = options.controlIp ?? '10.250.0.2';
  const gatewayIp = options.gatewayIp ?? '10.250.0.1';
  const controlPrefix = options.controlPrefix ?? 24;
  const controlIf = 'ctl0';
  const inside: TrackingRunner = createTrackingRunner(['nsenter', `--net=${netnsPath}`, '--']);
  const onGateway: TrackingRunner = createTrackingRunner(['nsenter', `--net=/run/netns/${gatewayNetns}`, '--']);
  let rootDir = '';
  let destroyed = false;

  async function destroy(): Promise<void> {
    if (destroyed) return;
    destroyed = true;
    const problems: string[] = [];
    // 1. Processes: ours, their descendants (a vnode's pid-ns init lives below
    //    unshare), and anything still holding one of our network namespaces.
    const nsIds = new Set<string>();
    for (const n of [netns, gatewayNetns]) {
      const st = await ifExists(stat(`/run/netns/${n}`));
      if (st) nsIds.add(`net:[${st.ino}]`);
    }
    const procs = await listProcesses();
    const roots = new Set<number>([...inside.live, ...onGateway.live]);
    // What we started (and what it started) goes quietly: that is destroy's job.
    const victims = new Set(descendants(procs, roots));
    // Anything else still in our namespaces, or living off our root dir after
    // escaping the tree (a vnode whose starter exited), is ours too — and a leak.
    const inOurNs = procs.filter((p) => p.netns !== null && nsIds.has(p.netns)).map((p) => p.pid);
    const strayRoots = new Set([...inOurNs, ...(rootDir ? usingDir(procs, rootDir) : [])]);
    const strays = descendants(procs, strayRoots).filter((pid) => pid !== process.pid && !victims.has(pid));
    if (strays.length > 0) {
      const show = (pid: number): string => {
        const p = procs.find((x) => x.pid === pid);
        return `${pid} ${(p?.cmdline || p?.comm || '?').slice(0, 100)}`;
      };
      problems.push(`stray processes in our namespaces or using ${rootDir}:\n  ${strays.map(show).join('\n  ')}`);
    }
    for (const pid of strays) victims.add(pid);
    for (const pid of victims) killPid(pid, 'SIGKILL');
    const stuck = await waitGone([...victims], 5_000);
    if (stuck.length > 0) problems.push(`processes did not die: ${stuck.join(' ')}`);
    // 2. Mounts under our root dir, deepest first.
    if (rootDir) {
      const points = parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8'))
        .filter((p) => p === rootDir || p.startsWith(`${rootDir}/`))
        .sort((a, b) => b.length - a.length);
      for (const p of points) {
        const r = await plain.run(['umount', p], { reject: false });
        if (r.exitCode !== 0) problems.push(`umount ${p}: ${r.stderr.trim()}`);
      }
    }
    // 3. Namespaces (the links inside them go with them).
    for (const n of [gatewayNetns, netns]) {
      if (await exists(`/run/netns/${n}`)) {
        const r = await plain.run(['ip', 'netns', 'del', n], { reject: false });
        if (r.exitCode !== 0) problems.push(`ip netns del ${n}: ${r.stderr.trim()}`);
      }
    }
    await restoreRunNetns(plain, problems);
    // 4. Files: never rm a tree that still has something mounted below it.
    if (rootDir) {
      const info = await readFile('/proc/self/mountinfo', 'utf8');
      if (parseMountPoints(info).some((p) => p.startsWith(`${rootDir}/`) || p === rootDir)) {
        problems.push(`still mounted under ${rootDir}; not removing it`);
      } else {
        await rm(rootDir, { recursive: true, force: true });
      }
    }
    if (options.verify === false) {
      if (problems.length > 0) throw new MachineChangedError(problems.join('\n'));
      return;
    }
    // Other suites on this machine spawn and tear down too: a difference must
    // persist for ~2 s before it counts as ours.
    let after = await snapshotMachine(plain, process.pid);
    let diff = diffSnapshots(before, after, (entry) => isForeign(entry, netns, after));
    for (let i = 0; diff !== null && i < 8; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await snapshotMachine(plain, process.pid);
      diff = diffSnapshots(before, after, (entry) => isForeign(entry, netns, after));
    }
    const text = [...problems, ...(diff ? [formatDiff(diff)] : [])].join('\n');
    if (text) throw new MachineChangedError(text);
  }

  try {
    await plain.run(['ip', 'netns', 'add', netns]);
    await plain.run(['ip', 'netns', 'add', gatewayNetns]);
    const ipH = ['ip', '-n', netns] as const;
    const ipG = ['ip', '-n', gatewayNetns] as const;
    await plain.run([...ipH, 'link', 'set', 'lo', 'up']);
    await plain.run([...ipG, 'link', 'set', 'lo', 'up']);
    await plain.run([...ipH, 'link', 'add', controlIf, 'type', 'veth', 'peer', 'name', 'gw0', 'netns', gatewayNetns]);
    await plain.run([...ipH, 'addr', 'add', `${controlIp}/${controlPrefix}`, 'dev', controlIf]);
    await plain.run([...ipH, 'link', 'set', controlIf, 'up']);
    await plain.run([...ipG, 'addr', 'add', `${gatewayIp}/${controlPrefix}`, 'dev', 'gw0']);
    await plain.run([...ipG, 'link', 'set', 'gw0', 'up']);
    await plain.run([...ipH, 'route', 'add', 'default', 'via', gatewayIp]);
    rootDir = await mkdtemp(path.join(os.tmpdir(), `${netns}-`));
  } catch (e) {
    await destroy().catch((d: unknown) => {
      throw new AggregateError([e, d], 'creating the throwaway host failed, and so did cleaning up');
    });
    throw e;
  }

  return {
    netns,
    netnsPath,
    gatewayNetns,
    rootDir,
    controlIf,
    controlIp,
    controlPrefix,
    gatewayIp,
    runner: inside,
    run: (argv, o) => inside.run(argv, o),
    runOnGateway: (argv, o) => onGateway.run(argv, o),
    execInVnode: (pid, argv, o) => plain.run(['nsenter', '-t', String(pid), '-m', '-u', '-i', '-n', '-p', '--', ...argv], o),
    links: async () => {
      const r = await inside.run(['ip', '-o', 'link', 'show']);
      return r.stdout.split('\n').flatMap((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? []);
    },
    destroy,
  };
}

/**
 * Pure: does a snapshot entry belong to another live test, not to us? Another
 * throwaway host's names carry its own tbvh- id; a mount in the machine's temp dir
 * without one is another suite's (core's tests bind-mount in their own temp dirs),
 * since everything this host makes lives under its tbvh- root dir.
 */
export function isForeign(entry: string, ours: string, after: Pick<MachineSnapshot, 'netns'>, tmpDir: string = os.tmpdir()): boolean {
  const m = HOST_NAME.exec(entry);
  if (m) return m[0] !== ours;
  if (entry.startsWith(`${tmpDir}/`)) return true;
  // /run/netns stays a mount point while any other throwaway host still lives.
  return entry === '/run/netns' && after.netns.some((n) => HOST_NAME.test(n) && !n.startsWith(ours));
}
