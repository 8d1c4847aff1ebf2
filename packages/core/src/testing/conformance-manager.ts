// The conformance check that runs core's real manager (runManager, the in-process
// tmcc proxy on its unix socket, boss state reports) against a backend: boot,
// reboot (USR2), halt (TERM), boot again in a new manager, kill (USR1), and the
// host as before. A backend whose steps only work when called one by one (and
// not in the order the manager calls them) fails here.
import { EventEmitter } from 'node:events';
import type { VnodeContext } from '../backend/types.js';
import { composeManager, type BossEndpoint } from '../manager/compose.js';
import { runManager } from '../manager/run-manager.js';
import { vnodePaths } from '../paths/layout.js';
import { validateVnodeId } from '../paths/vnode-id.js';
import { ConformanceError, expectSame, withFixture, type ConformanceHost, type ConformanceSubject } from './conformance-checks.js';

/** A boss the manager reports to (test-fixtures' simulator, typically). */
export interface ConformanceBoss {
  readonly endpoint: BossEndpoint;
  /** States boss recorded for the vnode, oldest first. */
  states(vnodeId: string): readonly string[];
  waitForState(vnodeId: string, state: string, timeoutMs: number, o?: { nth?: number }): Promise<void>;
  stop(): Promise<void>;
}

export interface ConformanceManagerSubject {
  /** A boss that knows `vnodeId` as an allocated vnode. */
  startBoss(): Promise<ConformanceBoss>;
  readonly vnodeId: string;
  /** Budget for each state to arrive (default 20 s). */
  readonly stateTimeoutMs?: number;
}

function fail(message: string, details?: unknown): never {
  throw new ConformanceError(message, details);
}

async function exitOf(exit: Promise<number>, ms: number, what: string): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new ConformanceError(`${what}: the manager did not exit within ${ms} ms`)), ms)));
  try {
    return await Promise.race([exit, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs with a host from subject.makeHost() (already prepared); the caller compares snapshots. */
async function runManagerLives(subject: ConformanceSubject, m: ConformanceManagerSubject, h: ConformanceHost): Promise<void> {
  const backend = await subject.makeBackend();
  const boss = await m.startBoss();
  const id = validateVnodeId(m.vnodeId);
  const wait = m.stateTimeoutMs ?? 20_000;
  const nth = (state: string): number => boss.states(id).filter((s) => s === state).length;
  const start = () => {
    const signals = new EventEmitter();
    const parts = composeManager({
      vnodeId: id, backend, host: h.host, boss: boss.endpoint, signals,
      // makeHost returns a prepared host.
      prepareHost: async () => undefined,
      stopTimeoutMs: subject.stopTimeoutMs ?? 5_000,
      proxyCheckEveryMs: 50,
      proxyRestartDelayMs: 10,
    });
    return { exit: runManager(parts), send: (s: NodeJS.Signals) => signals.emit(s, s) };
  };
  const vnode: VnodeContext = {
    id, paths: vnodePaths(h.host.paths, id), host: h.host, config: { jailconfig: {}, replies: new Map() },
    options: h.host.options, deps: h.host.deps, log: h.host.log,
  };
  let live: ReturnType<typeof start> | undefined;
  try {
    live = start();
    await boss.waitForState(id, 'ISUP', wait);
    if ((await backend.state(vnode)) !== 'running') fail('state() is not running under the manager');
    live.send('SIGUSR2');
    await boss.waitForState(id, 'ISUP', wait, { nth: 2 });
    live.send('SIGTERM');
    if ((await exitOf(live.exit, wait, 'halt')) !== 0) fail('the manager exited non-zero after a halt', boss.states(id));
    if ((await backend.state(vnode)) !== 'stopped') fail('state() after a halt under the manager is not stopped');
    live = start();
    await boss.waitForState(id, 'ISUP', wait, { nth: nth('ISUP') + 1 });
    live.send('SIGUSR1');
    if ((await exitOf(live.exit, wait, 'kill')) !== 0) fail('the manager exited non-zero after a kill', boss.states(id));
    live = undefined;
    const states = boss.states(id);
    const expected = ['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP', 'SHUTDOWN'];
    if (states.join() !== expected.join()) fail(`boss saw ${states.join(',')}`, { states, expected });
    if ((await backend.state(vnode)) !== 'absent') fail('state() after a kill under the manager is not absent');
  } finally {
    // A check that failed half way leaves its manager waiting: kill the vnode.
    if (live) {
      live.send('SIGUSR1');
      await exitOf(live.exit, wait, 'cleanup').catch((err: unknown) => h.host.log.error({ err }, 'conformance: the manager did not exit after a failed check'));
    }
    await boss.stop();
  }
}

/** The real manager's lives on a fresh host: boss sees every state, and the host is as before. */
export async function checkManager(subject: ConformanceSubject, m: ConformanceManagerSubject): Promise<void> {
  await withFixture(subject, async (f) => {
    const before = await f.snapshot();
    await runManagerLives(subject, m, f.h);
    await expectSame(f, before, 'the manager\'s boot, reboot, halt, boot, kill');
  });
}
