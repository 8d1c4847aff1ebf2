// Test wiring: a throwaway host, core's real deps with its runner pointed inside
// the host's network namespace, journaled step runners, and vnode contexts.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createStepRegistry, hostPaths, openStepRunner, vnodePaths,
  type BackendOptions, type CommandRunner, type CoreDeps, type HostContext, type JournaledStepRunner,
  type VirtualizationBackend, type VnodeContext,
} from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { skipBecause } from '@tbvnode/test-fixtures';
import { createThrowawayHost, type ThrowawayHost } from '@tbvnode/test-host';
import { createLinuxBackend } from '../../src/index.js';

export const isRoot = process.getuid?.() === 0;
/**
 * Deadlines in these tests are sized for a real machine; under emulation (the VM
 * of `npm run vm -w @tbvnode/tools`, 10-50x slower) they are multiplied by this.
 */
export const TIME_SCALE = Math.max(1, Number(process.env.TBVNODE_TEST_TIME_SCALE) || 1);
/** The condition for `skipIf` of a suite that needs root; prints why when it skips. */
export function needsRoot(what: string): boolean {
  return skipBecause(!isRoot, `${what}: needs root (network namespaces, bridges, mounts, pivot_root)`);
}

// @tbvnode/tmcc's single-file bundle (CommonJS since its fast-start change).
const tmccDist = fileURLToPath(new URL('../../../tmcc/dist/bin/', import.meta.url));
export const TMCC_BUNDLE = ['tmcc.cjs', 'tmcc.js'].map((f) => path.join(tmccDist, f)).find((f) => existsSync(f)) ?? path.join(tmccDist, 'tmcc.cjs');

export interface World {
  readonly host: ThrowawayHost;
  readonly deps: CoreDeps;
  readonly backend: VirtualizationBackend;
  readonly hostCtx: HostContext;
  readonly hostSteps: JournaledStepRunner;
  vnode(id: string, o?: { ifconfig?: string; controlIp?: string; runner?: CommandRunner; experiment?: { pid: string; eid: string } }): Promise<{ ctx: VnodeContext; steps: JournaledStepRunner }>;
}

export async function createWorld(options: BackendOptions = {}, runnerFor?: (real: CommandRunner) => CommandRunner): Promise<World> {
  const host = await createThrowawayHost();
  try {
    const deps = createTestDeps({ runner: runnerFor ? runnerFor(host.runner) : host.runner });
    const backend = createLinuxBackend({ cgroupParent: host.netns, startTimeoutMs: 10_000 * TIME_SCALE, ...options });
    const registry = createStepRegistry(backend.stepTypes);
    const paths = hostPaths(host.rootDir);
    await mkdir(paths.hostStateDir, { recursive: true });
    const hostCtx: HostContext = { paths, deps, log: deps.log, options };
    const hostSteps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry, deps });
    return {
      host, deps, backend, hostCtx, hostSteps,
      async vnode(id, o = {}) {
        const vp = vnodePaths(paths, id);
        await mkdir(vp.configDir, { recursive: true });
        const vdeps = o.runner ? { ...deps, runner: o.runner } : deps;
        const n = Number(/-(\d+)$/.exec(id)?.[1] ?? 0);
        const ctx: VnodeContext = {
          id: vp.id, paths: vp, host: hostCtx, options, deps: vdeps, log: deps.log,
          config: {
            jailconfig: {},
            replies: new Map(o.ifconfig ? [['ifconfig', o.ifconfig]] : []),
            controlIp: o.controlIp ?? `172.16.0.${n + 1}`,
            hostname: id,
            experiment: o.experiment ?? TEST_EXPERIMENT,
            boss: { name: '127.0.0.1', address: '127.0.0.1', ports: [7777] },
          },
        };
        const steps = await openStepRunner({ scope: id, journalPath: vp.journal, registry, deps: vdeps });
        return { ctx, steps };
      },
    };
  } catch (e) {
    await host.destroy();
    throw e;
  }
}

export function ifconfigLine(ip: string, lan: string, mac: string, vtag?: number): string {
  return `INTERFACE IFACETYPE=veth INET=${ip} MASK=255.255.255.0 VMAC=${mac} LAN=${lan}${vtag !== undefined ? ` VTAG=${vtag}` : ''}\n`;
}

/** The experiment test vnodes belong to unless a test says otherwise (their LANs are keyed by it). */
export const TEST_EXPERIMENT = { pid: 'testbed', eid: 'test' } as const;

/** Wait for a file with a deadline (the vnode's rc touches vrunning). */
export async function waitForFile(deps: CoreDeps, file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs * TIME_SCALE;
  for (;;) {
    try {
      await deps.fs.access(file);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (Date.now() > until) {
      // The vnode's console says why its rc did not get there.
      const consoleLog = await deps.fs.readFile(path.join(file, '../../../../../logs/console.log'), 'utf8').catch(() => '(no console log)');
      throw new Error(`${path.basename(file)} did not appear within ${timeoutMs * TIME_SCALE} ms; console:\n${consoleLog}`);
    }
    await deps.clock.sleep(20);
  }
}

/**
 * A stand-in for the manager's tmcc proxy: listens on the vnode's proxy socket,
 * records each request, answers with an empty reply and closes.
 */
export async function listenLikeProxy(socketPath: string): Promise<{ requests: string[]; close(): Promise<void> }> {
  const net = await import('node:net');
  const requests: string[] = [];
  const server = net.createServer((sock) => {
    const chunks: Buffer[] = [];
    sock.on('data', (b: Buffer) => {
      // tmcc writes its request in one go: answer (empty) as soon as it arrives.
      chunks.push(b);
      requests.push(Buffer.concat(chunks).toString('utf8'));
      sock.end();
    });
    sock.on('error', () => sock.destroy());
  });
  // A socket left by an earlier listener would make listen() fail with EADDRINUSE.
  await import('node:fs/promises').then((f) => f.rm(socketPath, { force: true }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  // As the real proxy does (tmcc-proxy's unixMode): the vnode's root is not the host's.
  await import('node:fs/promises').then((f) => f.chmod(socketPath, 0o777));
  return { requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
