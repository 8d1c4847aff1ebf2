// A cross-process mutex without flock: the lock is a file created with O_EXCL
// holding its owner's pid and start token. A holder that died (pid gone or
// reused) leaves a stale lock, which the next contender breaks — under a short
// "breaker" lock, re-checking the content, so two contenders never both break
// it and one of them never deletes the other's fresh lock.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CoreDeps } from '../deps.js';
import { SYSEXITS, TbvnodeError } from '../errors/tbvnode-error.js';
import { ifExists } from '../toolkit/if-exists.js';

type Deps = Pick<CoreDeps, 'fs' | 'proc' | 'clock' | 'log'>;

export interface LockOwner {
  readonly pid: number;
  readonly token: string | null;
  readonly nonce: string;
  readonly purpose: string;
  readonly at: number;
}

export interface LockOptions {
  /** Give up after this long (every wait has a deadline). */
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Recorded in the lock file, for operators reading it. */
  readonly purpose?: string;
  /** An unreadable (half-written) lock file older than this is stale. Default 10 s. */
  readonly emptyStaleMs?: number;
}

export class LockTimeoutError extends TbvnodeError {
  declare readonly code: 'LOCK_TIMEOUT';
  readonly file: string;
  readonly holder: LockOwner | null;
  constructor(file: string, holder: LockOwner | null) {
    const who = holder ? ` held by pid ${holder.pid} (${holder.purpose})` : '';
    super('LOCK_TIMEOUT', `timed out waiting for lock ${file}${who}`, { exitStatus: SYSEXITS.TEMPFAIL });
    this.file = file;
    this.holder = holder;
  }
}

export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): Promise<void>;
}

async function readText(deps: Deps, file: string): Promise<string | null> {
  return ifExists(deps.fs.readFile(file, 'utf8'), null);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.nonce === 'string' ? (o as LockOwner) : null;
  } catch {
    return null; // half-written: handled by the caller's age check
  }
}

/** Is the recorded owner still the live process that took the lock? */
export async function isOwnerAlive(deps: Pick<CoreDeps, 'proc'>, owner: LockOwner): Promise<boolean> {
  if (owner.token !== null) return (await deps.proc.startToken(owner.pid)) === owner.token;
  return deps.proc.isAlive(owner.pid);
}

async function createExclusive(deps: Deps, file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await deps.fs.open(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function isStale(deps: Deps, file: string, text: string, emptyStaleMs: number): Promise<boolean> {
  const owner = parseOwner(text);
  if (owner) return !(await isOwnerAlive(deps, owner));
  const st = await deps.fs.stat(file).catch(() => null);
  return st !== null && deps.clock.now() - st.mtimeMs > emptyStaleMs;
}

// Remove `file` only if it still holds exactly `staleText`, under a breaker lock.
async function breakStale(deps: Deps, file: string, staleText: string, me: string, emptyStaleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  if (!(await createExclusive(deps, breaker, me))) {
    const text = await readText(deps, breaker);
    if (text !== null && (await isStale(deps, breaker, text, emptyStaleMs))) await deps.fs.rm(breaker, { force: true });
    return;
  }
  try {
    if ((await readText(deps, file)) === staleText) {
      deps.log.warn({ lock: file, stale: parseOwner(staleText) }, 'breaking stale lock');
      await deps.fs.rm(file, { force: true });
    }
  } finally {
    if ((await readText(deps, breaker)) === me) await deps.fs.rm(breaker, { force: true });
  }
}

/**
 * Take the lock, waiting up to timeoutMs. Not re-entrant: a second acquire by the
 * same process waits for the first to be released.
 */
export async function acquireLockFile(deps: Deps, file: string, o: LockOptions): Promise<HeldLock> {
  const owner: LockOwner = {
    pid: deps.proc.selfPid,
    token: await deps.proc.startToken(deps.proc.selfPid),
    nonce: randomUUID(),
    purpose: o.purpose ?? 'tbvnode',
    at: deps.clock.now(),
  };
  const me = `${JSON.stringify(owner)}\n`;
  const deadline = deps.clock.now() + o.timeoutMs;
  const emptyStaleMs = o.emptyStaleMs ?? 10_000;
  await deps.fs.mkdir(path.dirname(file), { recursive: true });
  for (;;) {
    if (await createExclusive(deps, file, me)) break;
    const text = await readText(deps, file);
    if (text !== null && (await isStale(deps, file, text, emptyStaleMs))) {
      await breakStale(deps, file, text, me, emptyStaleMs);
      // Broken (by us or another contender): try again at once; else wait like any holder.
      if ((await readText(deps, file)) !== text) continue;
    }
    if (deps.clock.now() >= deadline) throw new LockTimeoutError(file, text === null ? null : parseOwner(text));
    await deps.clock.sleep(o.pollMs ?? 20);
  }
  let released = false;
  return {
    file,
    owner,
    async release() {
      if (released) return;
      released = true;
      if ((await readText(deps, file)) === me) await deps.fs.rm(file, { force: true });
    },
  };
}

export async function withLockFile<T>(deps: Deps, file: string, o: LockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLockFile(deps, file, o);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
