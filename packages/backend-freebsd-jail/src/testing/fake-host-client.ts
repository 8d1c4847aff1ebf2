// The other end of fake-host-server: a CommandRunner, ProcessTable, MountTable
// and FIFO-aware fs for a manager running in a child process, all answered by
// the test's FakeFreebsdHost. Liveness of fake processes is mirrored locally
// from the server's events, because ProcessTable.kill and isAlive are synchronous.
import net from 'node:net';
import {
  CommandError, rejectsResult, type Argv, type CommandResult, type CommandRunner, type MountEntry, type MountTable,
  type ProcessExit, type ProcessTable, type RunOptions, type StartOptions, type StartedProcess,
} from '@tbvnode/core';
import { isFakePid } from './fake-host.js';
import { lineReader, type FakeHostReply, type FakeHostRequest, type ProcEvent, type RunReply } from './fake-host-protocol.js';

export interface FakeHostClient {
  readonly runner: CommandRunner;
  /** Fake pids from the server; real pids only for liveness (never signalled), as FakeFreebsdHost does. */
  proc(real: ProcessTable): ProcessTable;
  readonly mounts: MountTable;
  close(): void;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export function connectFakeHost(socketPath: string): Promise<FakeHostClient> {
  const sock = net.connect(socketPath);
  const pending = new Map<number, Pending>();
  const alive = new Set<number>();
  const exits = new Map<number, { settle: (e: ProcessExit) => void; done: Promise<ProcessExit> }>();
  let nextId = 1;
  const exitOf = (pid: number) => {
    let e = exits.get(pid);
    if (!e) {
      let settle!: (x: ProcessExit) => void;
      const done = new Promise<ProcessExit>((r) => (settle = r));
      e = { settle, done };
      exits.set(pid, e);
    }
    return e;
  };
  sock.on('data', lineReader((line) => {
    const msg = JSON.parse(line) as FakeHostReply | ProcEvent;
    if ('event' in msg) {
      if (msg.alive) alive.add(msg.pid);
      else {
        alive.delete(msg.pid);
        exitOf(msg.pid).settle(msg.exit ?? { exitCode: null, signal: 'SIGKILL' });
      }
      return;
    }
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (!p) return;
    if (msg.ok) p.resolve(msg.value);
    else {
      const e = msg.error;
      p.reject(e.code?.startsWith('COMMAND_')
        ? new CommandError({ code: e.code as 'COMMAND_NOT_FOUND', argv: [], exitCode: e.exitCode ?? null, stderr: e.stderr ?? e.message })
        : Object.assign(new Error(e.message), e.code === undefined ? {} : { code: e.code }));
    }
  }));
  const ask = <T>(req: DistributiveOmit<FakeHostRequest, 'id'>): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    sock.write(`${JSON.stringify({ ...req, id })}\n`);
  });
  sock.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('the fake host went away'));
    pending.clear();
  });

  const runner: CommandRunner = {
    async run(argv: Argv, o: RunOptions = {}): Promise<CommandResult> {
      // The command runs with this process's environment, as core's runner gives it (the fake models what reaches a jail).
      const env = Object.fromEntries(Object.entries({ ...process.env, ...o.env }).filter((e): e is [string, string] => e[1] !== undefined));
      const r = await ask<RunReply>({ op: 'run', argv, env });
      const res: CommandResult = { argv: [...argv], exitCode: r.exitCode, signal: null, stdout: r.stdout, stderr: r.stderr, durationMs: 0 };
      if (rejectsResult(res, o)) throw new CommandError({ code: 'COMMAND_FAILED', ...res });
      return res;
    },
    async start(argv: Argv, o: StartOptions = {}): Promise<StartedProcess> {
      const pid = await ask<number>({ op: 'start', argv, ...(o.stdout ? { stdout: o.stdout } : {}), ...(o.stderr ? { stderr: o.stderr } : {}), ...(o.detached ? { detached: true } : {}) });
      return {
        pid, argv: [...argv], exited: exitOf(pid).done,
        kill: (sig: NodeJS.Signals = 'SIGTERM') => {
          if (!alive.has(pid)) return false;
          void ask({ op: 'kill', pid, signal: sig });
          return true;
        },
        unref: () => undefined,
      };
    },
  };

  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.once('connect', () => resolve({
      runner,
      proc: (real) => ({
        selfPid: real.selfPid,
        kill: (pid, sig) => {
          if (!isFakePid(pid)) return sig === 0 ? real.kill(pid, 0) : false;
          if (!alive.has(Math.abs(pid))) return false;
          if (sig !== 0) void ask({ op: 'kill', pid, signal: sig });
          return true;
        },
        isAlive: (pid) => (isFakePid(pid) ? alive.has(pid) : real.isAlive(pid)),
        startToken: (pid) => (isFakePid(pid) ? ask<string | null>({ op: 'startToken', pid }) : real.startToken(pid)),
        groupMembers: async (pgid) => (isFakePid(pgid) ? ask<number[]>({ op: 'groupMembers', pgid }) : ((await real.groupMembers?.(pgid)) ?? [])),
      }),
      mounts: { read: () => ask<MountEntry[]>({ op: 'mounts' }) },
      close: () => sock.destroy(),
    }));
  });
}
