// A numbered-resource allocator persisted under the root (var/run/tbvnode-host/alloc),
// safe across processes: every read-modify-write happens under the resource's
// lock file and lands with an atomic rename.
import path from 'node:path';
import type { CoreDeps } from '../deps.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { StepType } from '../steps/types.js';
import { pickFree, type Allocation } from './allocation-plan.js';
import { withLockFile } from './lock-file.js';
import { ifExists } from '../toolkit/if-exists.js';

type Deps = Pick<CoreDeps, 'fs' | 'proc' | 'clock' | 'log'>;

export interface AllocatorSpec {
  /** File-name-safe resource name: 'fib', 'md', 'ifnum', 'ruleset'. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

class ResourceExhaustedError extends TbvnodeError {
  declare readonly code: 'RESOURCE_EXHAUSTED';
  constructor(spec: AllocatorSpec) {
    super('RESOURCE_EXHAUSTED', `no free ${spec.name} between ${spec.min} and ${spec.max}`);
  }
}

export interface Allocator {
  /** The owner's number for `key`: the one it already holds, else the lowest free one. */
  allocate(owner: string, key?: string): Promise<number>;
  /** Release the owner's numbers (only `key`'s when given); returns what was released. */
  release(owner: string, key?: string): Promise<number[]>;
  list(): Promise<Allocation[]>;
}

interface State {
  readonly v: 1;
  readonly allocations: Allocation[];
}

const LOCK_TIMEOUT_MS = 30_000;

export function createAllocator(o: { dir: string; spec: AllocatorSpec; deps: Deps }): Allocator {
  const { deps, spec } = o;
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) throw new TypeError(`bad resource name ${spec.name}`);
  const file = path.join(o.dir, `${spec.name}.json`);
  const lock = path.join(o.dir, `${spec.name}.lock`);

  async function load(): Promise<State> {
    const text = await ifExists(deps.fs.readFile(file, 'utf8'));
    return text === undefined ? { v: 1, allocations: [] } : (JSON.parse(text) as State);
  }

  function update<T>(fn: (s: State) => { next: State | null; out: T }): Promise<T> {
    return withLockFile(deps, lock, { timeoutMs: LOCK_TIMEOUT_MS, purpose: `allocate ${spec.name}` }, async () => {
      const { next, out } = fn(await load());
      // An allocator with nothing allocated leaves no file behind.
      if (next && next.allocations.length === 0) await deps.fs.rm(file, { force: true });
      else if (next) await writeFileAtomic(deps.fs, file, `${JSON.stringify(next)}\n`);
      return out;
    });
  }

  return {
    allocate(owner, key = '') {
      return update((s) => {
        const held = s.allocations.find((a) => a.owner === owner && a.key === key);
        if (held) return { next: null, out: held.n };
        const n = pickFree(s.allocations, spec.min, spec.max);
        if (n === null) throw new ResourceExhaustedError(spec);
        deps.log.debug({ resource: spec.name, n, owner, key }, 'allocated');
        return { next: { v: 1, allocations: [...s.allocations, { n, owner, key, at: deps.clock.now() }] }, out: n };
      });
    },
    release(owner, key) {
      return update((s) => {
        const mine = (a: Allocation): boolean => a.owner === owner && (key === undefined || a.key === key);
        const gone = s.allocations.filter(mine).map((a) => a.n);
        if (gone.length === 0) return { next: null, out: [] };
        return { next: { v: 1, allocations: s.allocations.filter((a) => !mine(a)) }, out: gone };
      });
    },
    list: async () => (await load()).allocations,
  };
}

export interface AllocateParams {
  /** The allocator directory (HostPaths.allocDir), so a crash replay finds the state. */
  readonly dir: string;
  readonly spec: AllocatorSpec;
  readonly owner: string;
  readonly key: string;
}

// Allocation as a journaled step: undo releases the number, also after a crash.
export const allocateStep: StepType<AllocateParams, { n: number }> = {
  name: 'core.allocate',
  describe: (p) => `allocate ${p.spec.name} for ${p.owner}/${p.key}`,
  async apply(p, env) {
    return { n: await createAllocator({ dir: p.dir, spec: p.spec, deps: env.deps }).allocate(p.owner, p.key) };
  },
  async revert(p, _r, env) {
    // By owner and key, not number: right even if the crash came before "done".
    await createAllocator({ dir: p.dir, spec: p.spec, deps: env.deps }).release(p.owner, p.key);
  },
};
