// A fake FreeBSD host for tests: a CommandRunner, ProcessTable and MountTable
// over one modelled state, answering the tools this backend uses with
// FreeBSD's output and errors. Files are real (under a test's temp root);
// kernel state (md, mounts, aliases, FIBs, rulesets, jails) is modelled.
// Faults: fail the Nth command, or "crash" at the Nth (it never returns).
import { EventEmitter } from 'node:events';
import { appendFileSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CommandError, rejectsResult, type Argv, type CommandResult, type CommandRunner, type MountEntry, type MountTable,
  type ProcessExit, type ProcessTable, type RunOptions, type StartOptions, type StartedProcess,
} from '@tbvnode/core';
import { TOOLS } from '../probe/probe.js';
import { devfsListing, HOST_DEVICES, STOCK_RULESETS } from './fake-devfs.js';
import { dispatchCommand } from './fake-dispatch.js';
import * as disk from './fake-disk.js';
import { CloneState } from './fake-clone.js';
import { endJail, reapJail, startJail } from './fake-jail.js';
import {
  DEFAULT_HOST_FILES, DEFAULT_HOST_MODES, DEFAULT_JAIL_PARAMS, fail, followed,
  type FakeDisk, type FakeJail, type FakeMount, type FakeProc, type JailExec,
} from './fake-state.js';

export interface FakeCall {
  readonly kind: 'run' | 'start';
  readonly argv: readonly string[];
}

export interface FaultPlan {
  /** Fail the Nth call (run or start, 1-based): exit 1, no effect. */
  readonly failAt?: number;
  /** "Crash" at the Nth call: it never returns; 'after' applies its effect first. */
  readonly crashAt?: { readonly n: number; readonly when: 'before' | 'after' };
}

// Above any real pid_max: a fake pid can never name a real process.
const FAKE_PID_BASE = 7_000_000;

export function isFakePid(pid: number): boolean {
  return Math.abs(pid) >= FAKE_PID_BASE;
}

export class FakeFreebsdHost {
  readonly sysctl = new Map<string, string>([['net.fibs', '4'], ['kern.racct.enable', '0'], ['kern.boottime', '{ sec = 1700000000, usec = 1 } Tue Nov 14 22:13:20 2023']]);
  jailParams: string[] = [...DEFAULT_JAIL_PARAMS];
  readonly tools = new Set<string>(TOOLS);
  readonly hostDirs = new Set(['/bin', '/sbin', '/usr', '/lib', '/libexec']);
  hostFiles: Record<string, string> = { ...DEFAULT_HOST_FILES };
  readonly md = new Map<number, string>();
  readonly disks = new Map<string, FakeDisk>();
  mounts: FakeMount[] = [];
  readonly ifaces = new Map<string, string[]>([['em0', ['155.98.36.42']], ['lo0', ['127.0.0.1']]]);
  readonly clones = new CloneState();
  readonly routes = new Map<number, Map<string, readonly string[]>>();
  readonly rulesets = new Map<number, string[]>(STOCK_RULESETS.map(([n, r]) => [n, [...r]]));
  /** Device nodes by name, with the serial of their creation (devfs rules apply by age: see fake-devfs). */
  readonly devices = new Map<string, number>(HOST_DEVICES.map((d, i) => [d, i + 1]));
  deviceSeq = HOST_DEVICES.length;
  readonly jails = new Map<string, FakeJail>();
  /**
   * Removed jails still referenced (sys/kern/kern_jail.c: a prison whose last process
   * is gone stays until its last reference, e.g. a socket in TIME_WAIT, goes). Their
   * root stays busy; jls without -d says `jail "x" is dying`.
   */
  readonly dying = new Map<string, FakeJail>();
  /** How long a removed jail stays dying (0: it goes at once, as a jail that never had TCP connections). */
  lingerMs = 0;
  /** What the jail image's own /etc/rc does once injail starts it (the image's userland, not FreeBSD's). */
  jailRc?: (jail: FakeJail) => Promise<void>;
  /** rctl rules in the kernel (`jail:name:resource:action=amount`). */
  readonly rctlRules: string[] = [];
  /** Commands jail(8) ran on the host from /etc/jail.conf (exec.prestop, exec.poststop, ...). */
  readonly hostCommandsRun: string[] = [];
  /** Every process jexec started in a jail, with its environment (jexec.c: the caller's unless -l). */
  readonly jailExecs: JailExec[] = [];
  readonly procs = new Map<number, FakeProc>();
  /** Each jail's console: what its command prints goes to jail(8)'s stdout (the backend's console log). */
  readonly consoles = new Map<string, (msg: string) => void>();
  readonly calls: FakeCall[] = [];
  lastJid = 0;
  /** 'proc' (pid, alive) whenever a fake process starts or ends (the fake-host server forwards it). */
  readonly events = new EventEmitter();
  /** Resolves with 'crashed' when a planned crash point is reached. */
  readonly crashed: Promise<'crashed'>;
  private markCrashed!: () => void;
  private nextPid = FAKE_PID_BASE;
  private manager: FakeProc | undefined;
  private nextMount = 1;
  private faults: FaultPlan = {};

  /** Fake pids are answered from the model; real ones only for liveness (never signalled). */
  readonly proc: ProcessTable;

  private constructor(readonly scratch: string, real: ProcessTable) {
    this.crashed = new Promise((resolve) => (this.markCrashed = () => resolve('crashed')));
    const fake = (pid: number): FakeProc | undefined => this.procs.get(Math.abs(pid));
    const manager = (): FakeProc | undefined => this.manager;
    this.proc = {
      // The modelled manager while there is one (startManager), so a crash can end it; else this process.
      get selfPid() {
        return manager()?.pid ?? real.selfPid;
      },
      kill: (pid, sig) => (fake(pid) ? this.signal(Math.abs(pid), sig) : sig === 0 ? real.kill(pid, 0) : false),
      isAlive: (pid) => (fake(pid) ? fake(pid)?.alive === true : real.isAlive(pid)),
      startToken: async (pid) => (fake(pid) ? (fake(pid)?.alive ? `fake-${pid}` : null) : real.startToken(pid)),
      groupMembers: async (pgid) => (fake(pgid) ? (fake(pgid)?.alive ? [pgid] : []) : ((await real.groupMembers?.(pgid)) ?? [])),
    };
  }

  static async create(real: ProcessTable): Promise<FakeFreebsdHost> {
    return new FakeFreebsdHost(await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-fakebsd-')), real);
  }

  fibs(): number {
    return Number(this.sysctl.get('net.fibs') ?? 1);
  }

  setFaults(plan: FaultPlan): void {
    this.faults = plan;
  }

  async newDisk(file: string): Promise<void> {
    const store = await fsp.mkdtemp(path.join(this.scratch, 'disk-'));
    this.disks.set(file, { formatted: false, store });
  }

  async formatDisk(file: string): Promise<void> {
    const d = this.disks.get(file);
    if (!d) return;
    await fsp.rm(d.store, { recursive: true, force: true });
    await fsp.mkdir(d.store);
    d.formatted = true;
  }

  diskSizeLabel(file: string): string {
    return `${Math.round(statSync(file).size / 1024 / 1024)}M`;
  }

  async addMount(m: Omit<FakeMount, 'id'>): Promise<void> {
    const mount: FakeMount = { ...m, id: this.nextMount++ };
    if (m.fstype === 'ufs') {
      const d = this.disks.get(this.md.get(Number(m.source.replace('/dev/md', ''))) ?? '');
      const shadow = path.join(this.scratch, `shadow-${mount.id}`);
      await fsp.mkdir(shadow);
      await disk.moveChildren(m.target, shadow);
      if (d) await disk.moveChildren(d.store, m.target);
    }
    this.mounts.push(mount);
  }

  async removeMount(m: FakeMount): Promise<void> {
    this.mounts = this.mounts.filter((x) => x !== m);
    if (m.fstype !== 'ufs') return;
    const d = this.disks.get(this.md.get(Number(m.source.replace('/dev/md', ''))) ?? '');
    const shadow = path.join(this.scratch, `shadow-${m.id}`);
    if (d) await disk.moveChildren(m.target, d.store);
    await disk.moveChildren(shadow, m.target);
    await fsp.rmdir(shadow);
  }

  newProc(argv: readonly string[]): FakeProc {
    const pid = this.nextPid++;
    let settle!: (e: ProcessExit) => void;
    const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
    const p: FakeProc = {
      pid, argv: [...argv], alive: true, exited,
      exit: (e) => {
        if (!p.alive) return;
        p.alive = false;
        settle(e);
        this.events.emit('proc', pid, false, e);
      },
    };
    this.procs.set(pid, p);
    this.events.emit('proc', pid, true);
    return p;
  }

  addDevice(name: string): void {
    this.devices.set(name, ++this.deviceSeq);
  }

  /** The device nodes a process sees in the devfs mounted at `target`. */
  devfsListing(target: string): string[] {
    const m = this.mounts.find((x) => x.fstype === 'devfs' && x.target === followed(target));
    if (!m) throw new Error(`no devfs mounted at ${target}`);
    return devfsListing(this, m);
  }

  /** The host as a test compares it "before" and "after". */
  state(): Record<string, unknown> {
    return {
      md: [...this.md].sort(([a], [b]) => a - b).map(([u, f]) => `md${u} ${f}`),
      mounts: this.mounts.map((m) => `${m.fstype} ${m.source} ${m.target}${m.options.length ? ` (${m.options.join(',')})` : ''}`),
      ifaces: Object.fromEntries([...this.ifaces].map(([k, v]) => [k, [...v].sort()])),
      bridges: Object.fromEntries([...this.clones.members].map(([k, v]) => [k, [...v].sort()])),
      descriptions: Object.fromEntries([...this.clones.descr].sort()),
      routes: Object.fromEntries([...this.routes].filter(([, t]) => t.size > 0).map(([f, t]) => [f, [...t.values()].map((a) => a.join(' ')).sort()])),
      rulesets: Object.fromEntries([...this.rulesets].sort(([a], [b]) => a - b)),
      jails: [...this.jails.keys()].sort(),
      dying: [...this.dying.keys()].sort(),
      rctl: [...this.rctlRules].sort(),
      devices: [...this.devices.keys()].sort(),
      processes: [...this.procs.values()].filter((p) => p.alive).map((p) => p.argv.join(' ')),
    };
  }

  async dispose(): Promise<void> {
    await fsp.rm(this.scratch, { recursive: true, force: true });
  }

  private fault(): 'fail' | 'crash-before' | 'crash-after' | null {
    const n = this.calls.length;
    if (this.faults.crashAt?.n === n) return this.faults.crashAt.when === 'before' ? 'crash-before' : 'crash-after';
    return this.faults.failAt === n ? 'fail' : null;
  }

  readonly runner: CommandRunner = {
    run: async (argv: Argv, o: RunOptions = {}): Promise<CommandResult> => {
      this.calls.push({ kind: 'run', argv: [...argv] });
      const f = this.fault();
      if (f === 'crash-before') return this.hang();
      const reply = f === 'fail' ? fail(`injected fault at command ${this.calls.length}`) : await dispatchCommand(this, argv, { ...process.env, ...o.env });
      if (f === 'crash-after') return this.hang();
      const r: CommandResult = { argv: [...argv], exitCode: reply.exitCode ?? 0, signal: null, stdout: reply.stdout ?? '', stderr: reply.stderr ?? '', durationMs: 0 };
      if (rejectsResult(r, o)) throw new CommandError({ code: 'COMMAND_FAILED', ...r });
      return r;
    },
    start: async (argv: Argv, o: StartOptions = {}): Promise<StartedProcess> => {
      this.calls.push({ kind: 'start', argv: [...argv] });
      const f = this.fault();
      if (f === 'crash-before') return this.hang();
      const to = (t: StartOptions['stderr']) => (msg: string): void => {
        if (typeof t === 'object') appendFileSync(t.file, `${msg}\n`);
      };
      const say = to(o.stderr);
      let p: FakeProc;
      if (f === 'fail') {
        p = this.newProc(argv);
        say(`${argv[0]}: injected fault at command ${this.calls.length}`);
        setImmediate(() => p.exit({ exitCode: 1, signal: null }));
      } else if (argv[0] === 'jail' && argv[1] === '-c') p = startJail(this, argv, say, to(o.stdout));
      else throw new CommandError({ code: 'COMMAND_NOT_FOUND', argv: [...argv], exitCode: 127, stderr: `${argv[0]}: not found` });
      if (f === 'crash-after') return this.hang();
      return this.handle(p);
    },
  };

  /**
   * From now on the process calling the fake is a modelled manager with a fake pid (locks it takes
   * name that pid). A planned crash kills it, so what it held is stale to its successor, which runs
   * as this test process again.
   */
  startManager(): void {
    this.manager = this.newProc(['tbvnode-manager']);
  }

  // The caller never hears back: its process "died" here (after any effect landed).
  private hang(): Promise<never> {
    this.manager?.exit({ exitCode: null, signal: 'SIGKILL' });
    this.manager = undefined;
    this.markCrashed();
    return new Promise<never>(() => undefined);
  }

  private handle(p: FakeProc): StartedProcess {
    return {
      pid: p.pid, argv: p.argv, exited: p.exited,
      kill: (sig: NodeJS.Signals = 'SIGTERM') => this.signal(p.pid, sig),
      unref: () => undefined,
    };
  }

  private signal(pid: number, sig: NodeJS.Signals | 0): boolean {
    const p = this.procs.get(pid);
    if (!p?.alive) return false;
    if (sig === 0) return true;
    if (p.onSignal) p.onSignal(sig);
    else {
      // jail(8) dying does not end its jail.
      p.exit({ exitCode: null, signal: sig });
    }
    return true;
  }

  readonly mountTable: MountTable = {
    read: async (): Promise<readonly MountEntry[]> => this.mounts.map((m) => ({ target: m.target, source: m.source, fstype: m.fstype, options: [...m.options] })),
  };

  /** Lays the etc/ part of hostFiles out under `dir` (the backend's hostEtc), with FreeBSD's modes. */
  async writeHostEtc(dir: string): Promise<void> {
    for (const [rel, content] of Object.entries(this.hostFiles)) {
      if (!rel.startsWith('etc/')) continue;
      const file = path.join(dir, rel.slice('etc/'.length));
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, content, { mode: DEFAULT_HOST_MODES[rel] ?? 0o644 });
      await fsp.chmod(file, DEFAULT_HOST_MODES[rel] ?? 0o644);
    }
  }

  /** A dying jail's last reference goes now (a test's stand-in for its TCP TIME_WAIT ending). */
  reapDying(name: string): void {
    reapJail(this, name);
  }

  /** End a jail as if its processes all died (e.g. a host test tearing down). */
  endJail(name: string): void {
    endJail(this, name, 'killed');
  }
}
