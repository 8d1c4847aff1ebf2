// The whole stack on the fake host: core's vnodesetup operations (-b, -h, -r,
// -k) -> a manager running as a real child process -> its tmcc proxy on a real
// unix socket inside the jail's root -> this backend -> the fake FreeBSD host,
// which lives in this test process (the child reaches it over a socket), so a
// jail outlives a SIGKILLed manager exactly as it would on FreeBSD.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bootVnode, builtinStepTypes, createNodeDeps, createStepRegistry, managerStepTypes, readPidFile, rebootVnode, recoverVnode, stopVnode,
  validateVnodeId, vnodePaths, type CoreDeps, type ProcessTable, type VnodesetupContext,
} from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipBecause, waitUntil } from '@tbvnode/test-fixtures';
import { isFakePid, serveFakeHost, type FakeHostServer } from '../../src/testing/index.js';
import { BOSS_NAME, startTestBoss } from '../support/boss.js';
import { makeVictim, plantLink, tree } from '../support/host-tree.js';
import { createWorld, type World } from '../support/world.js';

const CHILD = fileURLToPath(new URL('../fixtures/manager-child.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/testing/index.js', import.meta.url));
const ID = validateVnodeId('pcvm1-2');

let w: World;
let boss: Awaited<ReturnType<typeof startTestBoss>>;
let server: FakeHostServer;
let ctx: VnodesetupContext;
let deps: CoreDeps;
const managers: number[] = [];
/** In the manager's environment only: no process in a jail may get it (exec.clean, jexec -l). */
const MANAGER_ENV = { TBVNODE_MANAGER_ONLY: 'the manager\'s environment' };
const fromManager = (): string[] => w.fake.jailExecs.filter((e) => 'TBVNODE_MANAGER_ONLY' in e.env).map((e) => e.argv.join(' '));

/** Fake pids go to the fake host; real ones are the manager children this test started. */
function combinedProc(fake: ProcessTable, real: ProcessTable): ProcessTable {
  return {
    selfPid: real.selfPid,
    kill: (pid, sig) => (isFakePid(pid) ? fake.kill(pid, sig) : managers.includes(Math.abs(pid)) || sig === 0 ? real.kill(pid, sig) : false),
    isAlive: (pid) => (isFakePid(pid) ? fake.isAlive(pid) : real.isAlive(pid)),
    startToken: (pid) => (isFakePid(pid) ? fake.startToken(pid) : real.startToken(pid)),
  };
}

// The tests of the netMode=vnet block get a vnet world (the rest of the setup is the same).
const inVnetBlock = (): boolean => (expect.getState().currentTestName ?? '').includes('netMode=vnet');

beforeEach(async () => {
  w = await createWorld(inVnetBlock() ? { netMode: 'vnet' } : {});
  await w.backend().prepareHost(w.hostCtx, await w.openHost());
  boss = await startTestBoss();
  server = await serveFakeHost(w.fake, path.join(w.aux, 'fake-host.sock'));
  const real = createTestDeps();
  deps = { ...w.deps, proc: combinedProc(w.deps.proc, real.proc) };
  const registry = createStepRegistry(builtinStepTypes, w.backend().stepTypes, managerStepTypes);
  const spawner = createNodeDeps({ log: real.log }).runner;
  ctx = {
    host: w.hostCtx.paths,
    deps,
    timing: { bootWaitMs: 30_000, stopWaitMs: 30_000, pollMs: 25 },
    withVnodeLock: (_id, fn) => fn(),
    recover: (id, mode) => recoverVnode({ host: w.hostCtx.paths, deps, registry, id, mode }),
    async startManager(id) {
      const arg = { root: w.root, id, fakeSocket: server.path, boss: { name: BOSS_NAME, host: '127.0.0.1', port: boss.port }, options: w.options };
      const log = { file: vnodePaths(w.hostCtx.paths, id).managerLog };
      await fsp.mkdir(path.dirname(log.file), { recursive: true });
      const child = await spawner.start([process.execPath, CHILD, JSON.stringify(arg)], { detached: true, stdout: log, stderr: log, env: MANAGER_ENV });
      managers.push(child.pid);
      return child;
    },
  };
});

afterEach(async () => {
  // A test that failed half way: kill its managers (ours, by pid), then the jails they left.
  for (const pid of managers.splice(0)) if (deps.proc.isAlive(pid)) process.kill(pid, 'SIGKILL');
  await recoverVnode({ host: w.hostCtx.paths, deps, registry: createStepRegistry(builtinStepTypes, w.backend().stepTypes, managerStepTypes), id: ID, mode: 'kill' })
    .catch((err: unknown) => console.error('cleanup after the stack test failed', err));
  await w.undoHost();
  await server.close();
  await boss.stop();
  await w.dispose();
});

const states = (): string[] => [...boss.states(ID)];
// core's pid file: the pid, then the manager's start token (locks/pid-file.ts).
const managerPid = async (): Promise<number> => (await readPidFile(fsp, vnodePaths(w.hostCtx.paths, ID).pidFile)) ?? Number.NaN;
const withoutLogs = (snap: unknown): unknown => {
  const s = snap as { host: unknown; files: string[] };
  return { host: s.host, files: s.files.filter((f) => !f.includes('var/emulab/logs')) };
};

describe.skipIf(skipBecause(!existsSync(DIST), `whole-stack test: ${DIST} is missing; build @tbvnode/backend-freebsd-jail first`))('the whole stack on the fake FreeBSD host', () => {
  it('vnodesetup -b, -h, -b, -r, -k: boss sees every state, the host ends as it began', { timeout: 120_000 }, async () => {
    const before = withoutLogs(await w.snapshot());
    const p = vnodePaths(w.hostCtx.paths, ID);
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(states()).toEqual(['BOOTING', 'ISUP']);
    expect(w.fake.jails.get(ID)?.ips[0]).toBe('172.17.1.2');
    // The proxy listens on a real unix socket inside the jail's mounted root.
    expect((await fsp.lstat(path.join(p.rootDir, 'var/emulab/tmcc'))).isSocket()).toBe(true);

    expect(await stopVnode(ctx, ID, 'halt')).toEqual({ how: 'signalled' });
    expect(states().at(-1)).toBe('SHUTDOWN');
    expect(w.fake.jails.size).toBe(0);
    expect(w.fake.mounts).toEqual([]);
    expect(existsSync(path.join(p.configDir, 'root.vnode'))).toBe(true);

    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    const mpid = await managerPid();
    expect(await rebootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(await managerPid()).toBe(mpid);
    expect(states()).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP']);
    expect(w.fake.jails.has(ID)).toBe(true);

    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'signalled' });
    expect(states().at(-1)).toBe('SHUTDOWN');
    expect(existsSync(p.configDir)).toBe(false);
    // The console outlives the config dir: jail(8) writes core's console log, which the manager keeps
    // before the kill's undo. Three lives (boot, boot after halt, reboot), each ended by injail's USR1.
    const kept = await fsp.readFile(p.keptConsoleLog, 'utf8');
    expect(kept.split('\n').filter((l) => l === `injail (${ID}): stopping every process`)).toHaveLength(3);
    // The manager asked injail to stop three times through jexec, never with its own environment.
    expect(w.fake.jailExecs.filter((e) => e.argv[0] === '/bin/pkill')).toHaveLength(3);
    expect(fromManager()).toEqual([]);
    expect(withoutLogs(await w.snapshot())).toEqual(before);
  });

  it('a manager killed with SIGKILL: its jail lives on; vnodesetup -k undoes it all from the journal', { timeout: 120_000 }, async () => {
    const before = withoutLogs(await w.snapshot());
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    const mpid = await managerPid();
    process.kill(mpid, 'SIGKILL');
    await deps.clock.sleep(0);
    if (!(await waitUntil(() => !deps.proc.isAlive(mpid), { timeoutMs: 10_000, intervalMs: 25 }))) throw new Error('the manager did not die');
    // jail(8) and injail were never the manager's to take down with it.
    expect(w.fake.jails.has(ID)).toBe(true);
    expect(w.fake.mounts.length).toBeGreaterThan(0);

    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'recovered' });
    expect(w.fake.jails.size).toBe(0);
    expect(withoutLogs(await w.snapshot())).toEqual(before);
    // The recovery keeps the console as a manager's teardown would: one life, ended by injail's USR1.
    const kept = await fsp.readFile(vnodePaths(w.hostCtx.paths, ID).keptConsoleLog, 'utf8');
    expect(kept.match(/stopping every process/g)).toHaveLength(1);
  });

  it('a jail that lingers dying after its last process: vnodesetup -h waits it out and leaves nothing mounted', { timeout: 120_000 }, async () => {
    const before = withoutLogs(await w.snapshot());
    w.fake.lingerMs = 500;
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(await stopVnode(ctx, ID, 'halt')).toEqual({ how: 'signalled' });
    expect(w.fake.dying.size).toBe(0);
    expect(w.fake.mounts).toEqual([]);
    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'recovered' });
    expect(withoutLogs(await w.snapshot())).toEqual(before);
  });
  it('links the jail plants while it runs: the reboot fails with UNSAFE_PATH; halt and kill leave the host dir and its mount alone', { timeout: 120_000 }, async () => {
    const p = vnodePaths(w.hostCtx.paths, ID);
    const victim = path.join(w.aux, 'host-dir');
    await makeVictim(victim, ID);
    const host = await tree(victim);
    // A host file system mounted on the dir, and no project dir yet: the experiment's /local/testbed is not mounted in this life.
    await w.fake.addMount({ source: '/dev/ada1p1', target: victim, fstype: 'nullfs', options: [] });
    const hostMount = `nullfs /dev/ada1p1 ${victim}`;
    const before = withoutLogs(await w.snapshot());
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });

    // Links the halt would undo through (injail, the boot files, the tmcc cache copy), and a project mount point.
    await plantLink(p.rootDir, 'etc/jail', victim);
    await plantLink(p.rootDir, 'var/emulab/boot', victim);
    await plantLink(p.rootDir, 'local/testbed', victim);
    await fsp.mkdir(path.join(w.aux, 'local/testbed'));
    expect(await rebootVnode(ctx, ID)).not.toMatchObject({ status: 0 });
    expect(await fsp.readFile(p.managerLog, 'utf8')).toContain('UNSAFE_PATH');
    expect(await tree(victim)).toEqual(host);
    expect((w.fake.state()['mounts'] as string[]).filter((m) => m.endsWith(victim))).toEqual([hostMount]);

    await stopVnode(ctx, ID, 'halt');
    expect(await tree(victim)).toEqual(host);
    expect(w.fake.state()['mounts']).toEqual([hostMount]);
    await stopVnode(ctx, ID, 'kill');
    expect(existsSync(p.configDir)).toBe(false);
    expect(w.fake.jails.size).toBe(0);
    expect(await tree(victim)).toEqual(host);
    expect(withoutLogs(await w.snapshot())).toEqual(before);
    await w.fake.removeMount(w.fake.mounts[0] as (typeof w.fake.mounts)[number]);
  });
});

describe.skipIf(skipBecause(!existsSync(DIST), `whole-stack vnet test: ${DIST} is missing; build @tbvnode/backend-freebsd-jail first`))('the whole stack on the fake FreeBSD host, netMode=vnet', () => {
  /** What VNET made on the host and in the jail: epairs, LAN bridges, the jail's interfaces. */
  const vnetState = (): { host: string[]; bridges: Record<string, string[]>; jail: string[] } => ({
    host: [...w.fake.ifaces.keys()].filter((n) => n !== 'em0' && n !== 'lo0').sort(),
    bridges: Object.fromEntries([...w.fake.clones.members].map(([k, v]) => [k, [...v].sort()])),
    jail: [...(w.fake.jails.get(ID)?.ifaces ?? new Map<string, string[]>())].map(([k, v]) => `${k} ${v.join(',')}`),
  });

  it('vnodesetup -b, -h, -b, -r, -k: the jail has its experiment interfaces each life; no epair or bridge is left', { timeout: 120_000 }, async () => {
    const before = withoutLogs(await w.snapshot());
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(states()).toEqual(['BOOTING', 'ISUP']);
    const up = vnetState();
    // Every experiment interface: its jail end (with its address) inside, its host end in a marked LAN bridge.
    expect(up.jail.length).toBeGreaterThan(0);
    for (const line of up.jail) expect(line).toMatch(/^tbv[0-9a-f]{6}\.\d+j \d+\.\d+\.\d+\.\d+$/);
    expect(Object.keys(up.bridges).length).toBeGreaterThan(0);
    for (const [bridge, m] of Object.entries(up.bridges)) {
      expect(bridge).toMatch(/^tbl[0-9a-f]{12}$/);
      expect(w.fake.clones.descr.get(bridge)).toMatch(/^tbvnode lan /);
      expect(m.every((x) => /^tbv[0-9a-f]{6}\.\d+h$/.test(x))).toBe(true);
    }
    expect(w.fake.jails.get(ID)?.vnet).toBe(true);

    expect(await stopVnode(ctx, ID, 'halt')).toEqual({ how: 'signalled' });
    expect(vnetState()).toEqual({ host: [], bridges: {}, jail: [] });

    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(vnetState()).toEqual(up);
    expect(await rebootVnode(ctx, ID)).toMatchObject({ status: 0 });
    expect(vnetState()).toEqual(up);
    expect(states()).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP', 'SHUTDOWN', 'BOOTING', 'ISUP']);

    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'signalled' });
    expect(vnetState()).toEqual({ host: [], bridges: {}, jail: [] });
    // The manager's ifconfig and pkill in the jail (each through jexec) never carried its environment.
    expect(new Set(w.fake.jailExecs.map((e) => e.argv[0]))).toEqual(new Set(['/sbin/ifconfig', '/bin/pkill']));
    expect(fromManager()).toEqual([]);
    expect(withoutLogs(await w.snapshot())).toEqual(before);
  });

  it('the jail\'s /etc/rc starts only once its interfaces are in and addressed (so ISUP follows the network)', { timeout: 60_000 }, async () => {
    const rc = w.fake.jailRc;
    const atRc: string[][] = [];
    w.fake.jailRc = async (jail) => {
      atRc.push([...jail.ifaces].map(([k, v]) => `${k} ${v.join(',')}`));
      await rc?.(jail);
    };
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    const up = vnetState();
    expect(up.jail.length).toBeGreaterThan(0);
    // What rc saw when it started: every interface, already with its address.
    expect(atRc).toEqual([up.jail]);
    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'signalled' });
  });

  it('a manager killed with SIGKILL: the jail keeps its interfaces; vnodesetup -k takes them, the epairs and the bridges away', { timeout: 120_000 }, async () => {
    const before = withoutLogs(await w.snapshot());
    expect(await bootVnode(ctx, ID)).toMatchObject({ status: 0 });
    const up = vnetState();
    const mpid = await managerPid();
    process.kill(mpid, 'SIGKILL');
    await deps.clock.sleep(0);
    if (!(await waitUntil(() => !deps.proc.isAlive(mpid), { timeoutMs: 10_000, intervalMs: 25 }))) throw new Error('the manager did not die');
    expect(w.fake.jails.has(ID)).toBe(true);
    expect(vnetState()).toEqual(up);

    expect(await stopVnode(ctx, ID, 'kill')).toEqual({ how: 'recovered' });
    expect(vnetState()).toEqual({ host: [], bridges: {}, jail: [] });
    expect(withoutLogs(await w.snapshot())).toEqual(before);
  });
});
