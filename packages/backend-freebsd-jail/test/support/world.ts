// Test wiring: a temp root, a fake FreeBSD host behind core's deps, the
// backend, journaled step runners, and vnode contexts from jailconfig fixtures.
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createStepRegistry, ensureHostLayout, hostPaths, openStepRunner, safeRemoveConfigDir, undoJournal, vnodePaths,
  type BackendOptions, type CoreDeps, type HostContext, type JournaledStepRunner, type RunningVnode, type StepRunner,
  type UndoMode, type VirtualizationBackend, type VnodeContext,
} from '@tbvnode/core';
import { createTestDeps, snapshotHost } from '@tbvnode/core/testing';
import { createFreebsdJailBackend, type JailConfig } from '../../src/index.js';
import { createTmccClient } from '@tbvnode/tmcc';
import { FakeFreebsdHost, type FakeJail } from '../../src/testing/index.js';

/** A host /etc with only resolv.conf, checked in (backends made outside a world read resolv.conf there). */
export const HOST_ETC = fileURLToPath(new URL('../fixtures/host-etc/', import.meta.url));

export const BASE_OPTIONS: BackendOptions = {
  cnetIface: 'em0', cnetGateway: '172.16.0.1', hostEtc: HOST_ETC, startTimeoutMs: 10_000,
};

/** tmcd's ifconfig reply and the experiment (status) a VNET vnode's interfaces come from. */
export interface VnodeNet {
  readonly ifconfig?: string;
  readonly experiment?: { readonly pid: string; readonly eid: string };
}

export interface World {
  readonly root: string;
  /** Outside the root: the fake host's /local. */
  readonly aux: string;
  /** The fake host's /etc as a directory (<aux>/etc, from fake.hostFiles): the backend's hostEtc. */
  readonly hostEtc: string;
  readonly fake: FakeFreebsdHost;
  readonly deps: CoreDeps;
  readonly hostCtx: HostContext;
  readonly options: BackendOptions;
  backend(): VirtualizationBackend;
  openHost(): Promise<JournaledStepRunner>;
  vnode(id: string, jailconfig: JailConfig, net?: VnodeNet): Promise<VnodeContext>;
  open(v: VnodeContext): Promise<JournaledStepRunner>;
  /** Undo through the journal with a fresh backend (as after a crash); kill also removes the config dir. */
  undo(v: VnodeContext, mode: UndoMode): Promise<void>;
  undoHost(): Promise<void>;
  snapshot(): Promise<unknown>;
  /** Calls since `from`, paths shown relative to <ROOT> and <AUX>. */
  calls(from?: number): string[];
  dispose(): Promise<void>;
}

export async function createWorld(extra: BackendOptions = {}, o: { symlinkedRoot?: boolean } = {}): Promise<World> {
  const realRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-fbsd-root-'));
  // A root reached through a symlink (as /var -> /private/var would be): tools see realpaths.
  const root = o.symlinkedRoot ? `${realRoot}-link` : realRoot;
  if (o.symlinkedRoot) await fsp.symlink(realRoot, root);
  const aux = await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-fbsd-aux-'));
  await fsp.mkdir(path.join(aux, 'local/myproj'), { recursive: true });
  const base = createTestDeps();
  const fake = await FakeFreebsdHost.create(base.proc);
  fake.jailRc = emulabRcInjail;
  const deps: CoreDeps = { ...base, runner: fake.runner, proc: fake.proc, mounts: fake.mountTable };
  const paths = hostPaths(root);
  await ensureHostLayout(deps.fs, paths);
  const hostEtc = path.join(aux, 'etc');
  await fake.writeHostEtc(hostEtc);
  const options: BackendOptions = { ...BASE_OPTIONS, localRoot: path.join(aux, 'local'), hostEtc, ...extra };
  const hostCtx: HostContext = { paths, deps, log: deps.log, options };
  const backend = (): VirtualizationBackend => createFreebsdJailBackend(options);
  const registry = () => createStepRegistry(backend().stepTypes);
  const w: World = {
    root, aux, hostEtc, fake, deps, hostCtx, options, backend,
    openHost: () => openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry: registry(), deps }),
    async vnode(id, jailconfig, net = {}) {
      const vp = vnodePaths(paths, id);
      await fsp.mkdir(vp.configDir, { recursive: true });
      return {
        id: vp.id, paths: vp, host: hostCtx, options, deps, log: deps.log,
        config: {
          jailconfig, replies: new Map(net.ifconfig === undefined ? [] : [['ifconfig', net.ifconfig]]), hostname: `nodeA.myexp.myproj.emulab.net`,
          ...(net.experiment ? { experiment: net.experiment } : {}),
        },
      };
    },
    open: (v) => openStepRunner({ scope: v.id, journalPath: v.paths.journal, registry: registry(), deps }),
    async undo(v, mode) {
      await undoJournal({ journalPath: v.paths.journal, mode, registry: registry(), deps, scope: v.id });
      if (mode === 'kill') await safeRemoveConfigDir(deps, v.paths.configDir);
    },
    async undoHost() {
      await undoJournal({ journalPath: paths.hostJournal, mode: 'kill', registry: registry(), deps, scope: 'host' });
    },
    snapshot: async () => ({ host: fake.state(), files: (await snapshotHost(deps, root)).files }),
    calls(from = 0) {
      return fake.calls.slice(from).map((c) => `${c.kind} ${JSON.stringify(c.argv)}`.split(root).join('<ROOT>').split(aux).join('<AUX>'));
    },
    async dispose() {
      await fake.dispose();
      await fsp.rm(realRoot, { recursive: true, force: true });
      if (root !== realRoot) await fsp.rm(root, { force: true });
      await fsp.rm(aux, { recursive: true, force: true });
    },
  };
  return w;
}

/**
 * What an Emulab image's /etc/rc.local does in the jail (Emulab's rc.injail): report ISUP to boss
 * through the tmcc proxy named in /var/emulab/boot/proxypath, then touch vrunning. With no proxy
 * listening (no manager), rc.injail fails and the jail never says it is up.
 */
export async function emulabRcInjail(j: FakeJail): Promise<void> {
  const inside = (await fsp.readFile(path.join(j.path, 'var/emulab/boot/proxypath'), 'utf8').catch(() => '')).trim();
  const socket = path.join(j.path, inside);
  const isSocket = inside !== '' && (await fsp.lstat(socket).then((s) => s.isSocket(), () => false));
  if (!isSocket) return;
  const tmcc = createTmccClient({ root: j.path, target: { kind: 'unix', path: socket }, useCache: false, useProxyPath: false });
  await tmcc.request('state', ['ISUP'], { timeoutMs: 10_000 });
  await fsp.writeFile(path.join(j.path, 'var/emulab/boot/vrunning'), '');
}

export async function bringUp(b: VirtualizationBackend, v: VnodeContext, steps: StepRunner): Promise<RunningVnode> {
  await b.create(v, steps);
  await b.configureNetwork(v, steps);
  return b.boot(v, steps);
}
