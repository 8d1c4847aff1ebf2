// Planning without a host: a step runner that journals instead of running
// (reusing persistent steps by their params, as core's runner does), and a
// file system that answers only the host facts the backend reads while it
// plans, from a table, and counts what was asked.
import path from 'node:path';
import type { CoreDeps, LiveStepType, MountEntry, RunStepOptions, StepRunner, StepType } from '@tbvnode/core';
import { VNODE_FILES_DIR } from '../../src/index.js';

export interface Entry {
  readonly step: string;
  readonly phase: string;
  readonly params: unknown;
}

// JSON as core's journal compares it (stable-json: key order and undefined do not count).
const canon = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) =>
  x !== null && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
    : typeof x === 'string' ? x.split(VNODE_FILES_DIR).join('<vnode-files>/') : x,
) ?? 'null') as unknown;

// What each step would have returned (only what the backend reads back matters).
function fakeResult(step: string, params: Record<string, unknown>): unknown {
  switch (step) {
    case 'core.allocate':
      return { n: (params['spec'] as { name: string }).name === 'linux-userns' ? 3 : 100_004 };
    case 'linux.cgroup': {
      const p = params as { version: number; mountRoot: string; group: string };
      const dirs = p.version === 1 ? ['cpu', 'memory', 'pids'].map((c) => path.join(p.mountRoot, c, p.group)) : [path.join(p.mountRoot, p.group)];
      return { created: dirs, procsFiles: dirs.map((d) => path.join(d, 'cgroup.procs')) };
    }
    default:
      return { created: true };
  }
}

/**
 * A step runner that journals without running. Like core's (packages/core/src/steps/step-runner.ts,
 * reusable()): a persistent step whose name and params (stable JSON) match a done one in the
 * journal is not run again and gives that step's result; everything else is a new entry.
 */
export function recorder(kept: Entry[] = []): StepRunner & { entries: Entry[]; asked: string[] } {
  const entries: Entry[] = [];
  /** Every step the backend asked for, reused or not. */
  const asked: string[] = [];
  const journal = [...kept];
  const record = (type: { name: string }, params: unknown, o: RunStepOptions): unknown => {
    asked.push(type.name);
    const e = { step: type.name, phase: o.phase, params: canon(params) };
    const same = JSON.stringify(e);
    if (o.phase === 'persistent' && journal.some((j) => JSON.stringify(j) === same)) return fakeResult(type.name, params as Record<string, unknown>);
    entries.push(e);
    journal.push(e);
    return fakeResult(type.name, params as Record<string, unknown>);
  };
  return {
    scope: 'golden',
    entries,
    asked,
    run: async <P, R>(type: StepType<P, R>, params: P, o: RunStepOptions) => record(type, params, o) as R,
    runLive: async <P, R, L>(type: LiveStepType<P, R, L>, params: P, o: RunStepOptions) => {
      record(type, params, o);
      const exited = Promise.resolve({ exitCode: 0, signal: null });
      return { result: { unsharePid: 40, unshareToken: 't40', initPid: 41, initToken: 't41' } as R, live: { pid: 40, exited } as L, undo: async () => {} };
    },
  };
}

// The host as the backend sees it: merged /usr, /usr/local/etc, every kernel view.
const DIRS = new Set(['/usr', '/lib32', '/usr/local/etc', '/proc/sys', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/acpi', '/proc/scsi', '/sys/firmware']);
const FILES = new Set(['/proc/kcore', '/proc/kallsyms', '/proc/sysrq-trigger', '/proc/kmsg', '/proc/keys', '/proc/timer_list', '/proc/sched_debug']);
const LINKS: Record<string, string> = { '/bin': 'usr/bin', '/sbin': 'usr/sbin', '/lib': 'usr/lib', '/lib64': 'usr/lib64' };
export const V1: MountEntry[] = ['cpu,cpuacct', 'memory', 'pids'].map((c) => ({ target: `/sys/fs/cgroup/${c}`, source: 'cgroup', fstype: 'cgroup', options: ['rw', ...c.split(',')] }));
export const V2: MountEntry[] = [{ target: '/sys/fs/cgroup', source: 'cgroup2', fstype: 'cgroup2', options: ['rw'] }];

export function factsFs(existing: ReadonlySet<string>, reads: string[] = []): CoreDeps['fs'] {
  const enoent = (p: string) => Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  const st = (p: string) => {
    const kind = DIRS.has(p) || existing.has(p) ? 'dir' : FILES.has(p) ? 'file' : LINKS[p] !== undefined ? 'link' : null;
    if (kind === null) throw enoent(p);
    return { isDirectory: () => kind === 'dir', isSymbolicLink: () => kind === 'link', isFile: () => kind === 'file' };
  };
  return new Proxy({} as CoreDeps['fs'], {
    get(_t, name: string) {
      if (name === 'lstat' || name === 'stat') {
        return async (p: string) => {
          reads.push(p);
          return st(p);
        };
      }
      if (name === 'readlink') return async (p: string) => LINKS[p] ?? Promise.reject(enoent(p));
      // Nothing else may be touched while planning: a write here would be a host change outside a step.
      return async (p: unknown) => {
        throw new Error(`unexpected fs.${name}(${String(p)}) while planning`);
      };
    },
  });
}

