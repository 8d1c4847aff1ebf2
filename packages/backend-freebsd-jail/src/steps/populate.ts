// Fill a fresh root (persistent, once per image): the host's /etc and /root
// copied by two tar processes joined by a named pipe (no shell), /var laid out
// by mtree, the password databases rebuilt. Everything lands inside the mounted
// image, so removing the image undoes it; revert only stops a copy in flight.
import { constants } from 'node:fs';
import path from 'node:path';
import {
  isMountPoint, isSameProcess, isTimedOut, within, type Clock, type CoreFs, type ProcessExit, type StartProcessResult, type StartedProcess, type StepType,
} from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { HOST_SECRET_PATTERNS, secretsIn } from '../plan/host-secrets.js';
import { run } from './commands.js';
import { jailRoot, listInRoot } from './in-root.js';

export interface PopulateParams {
  readonly rootDir: string;
  /** The named pipe between the two tars (in the config dir, removed after). */
  readonly fifo: string;
  readonly timeoutMs: number;
}

export interface PopulateResult {
  /** The tar processes, journaled while they run so a crash replay can stop them (pid + start token). */
  readonly procs: readonly StartProcessResult[];
}

async function waitBoth(clock: Clock, procs: readonly StartedProcess[], timeoutMs: number): Promise<void> {
  // A side that fails leaves the other blocked on the pipe: stop at the first failure.
  const firstFailure = new Promise<{ p: StartedProcess; e: ProcessExit } | null>((resolve) => {
    let left = procs.length;
    for (const p of procs) {
      void p.exited.then((e) => {
        if (e.exitCode !== 0) resolve({ p, e });
        else if (--left === 0) resolve(null);
      });
    }
  });
  const outcome = await within(firstFailure, { clock, timeoutMs });
  if (outcome === null) return;
  if (isTimedOut(outcome)) throw new FreebsdJailError('FBSD_COPY_FAILED', `copying /etc and /root took longer than ${timeoutMs} ms`);
  throw new FreebsdJailError('FBSD_COPY_FAILED', `${outcome.p.argv.join(' ')} failed (exit ${outcome.e.exitCode ?? outcome.e.signal})`);
}

/**
 * Release a tar blocked on the pipe whose pid we never learned (a crash right
 * after spawning it): opening the other end and closing it gives a reader EOF
 * and a writer EPIPE. Non-blocking, so it never waits itself.
 */
export async function unblockFifo(fs: Pick<CoreFs, 'open'>, fifo: string): Promise<void> {
  for (const flags of [constants.O_WRONLY | constants.O_NONBLOCK, constants.O_RDONLY | constants.O_NONBLOCK]) {
    try {
      await (await fs.open(fifo, flags)).close();
    } catch (err) {
      // ENXIO: nobody reads (so nobody is blocked reading); ENOENT: no pipe left.
      if (!['ENXIO', 'ENOENT'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }
}

export const populateRootStep: StepType<PopulateParams, PopulateResult> = {
  name: 'fbsd.populateRoot',
  describe: (p) => `populate ${p.rootDir} (/etc, /root, /var)`,
  async apply(p, env) {
    const { deps } = env;
    const { fs, runner } = deps;
    // Writing into an unmounted root would fill the host's disk, not the image.
    if (!(await isMountPoint(deps, p.rootDir))) throw new FreebsdJailError('FBSD_NOT_OURS', `${p.rootDir} is not mounted; not populating it`);
    await fs.rm(p.fifo, { force: true });
    await run(runner, ['mkfifo', p.fifo]);
    const procs: StartedProcess[] = [];
    try {
      // Reader first: each tar opens the pipe itself, so neither blocks us.
      const journaled: StartProcessResult[] = [];
      for (const argv of [['tar', '-C', p.rootDir, '-xpf', p.fifo], ['tar', '-C', '/', '-cf', p.fifo, 'etc', 'root']] as const) {
        const c = await runner.start(argv);
        procs.push(c);
        // Each pid is journaled as soon as it exists: a crash before the second start must not leak the first.
        journaled.push({ pid: c.pid, startToken: await deps.proc.startToken(c.pid) });
        await env.record({ procs: [...journaled] });
      }
      await waitBoth(deps.clock, procs, p.timeoutMs);
    } finally {
      for (const c of procs) c.kill('SIGKILL');
      await fs.rm(p.fifo, { force: true });
    }
    // The host's secrets never stay in the jail (mkjail's cleanmess): removed before anything runs there.
    const root = jailRoot(deps, p.rootDir);
    const listing = Object.fromEntries(await Promise.all(HOST_SECRET_PATTERNS.map(async (x) => [x.dir, await listInRoot(deps, p.rootDir, x.dir)] as const)));
    for (const rel of secretsIn(listing)) await root.rm(rel, { recursive: true });
    // mtree and pwd_mkdb take host paths: each dir they write in is checked (no link on the way) first.
    const varDir = await root.mountTarget('var', 'dir');
    await run(runner, ['mtree', '-deU', '-f', '/etc/mtree/BSD.var.dist', '-p', varDir]);
    const etcDir = await root.mountTarget('etc', 'dir');
    await run(runner, ['pwd_mkdb', '-p', '-d', etcDir, path.join(etcDir, 'master.passwd')]);
    await root.mkdir('tmp');
    await root.chmod('tmp', 0o1777);
    return { procs: [] };
  },
  async revert(p, result, env) {
    // Only while the pid is still the tar we started (pids are reused after a crash).
    for (const r of result?.procs ?? []) if (await isSameProcess(env.deps, r)) env.deps.proc.kill(r.pid, 'SIGKILL');
    await unblockFifo(env.deps.fs, p.fifo);
    await env.deps.fs.rm(p.fifo, { force: true });
  },
};
