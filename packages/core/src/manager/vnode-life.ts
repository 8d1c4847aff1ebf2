// One life of a vnode inside its manager: BOOTING, config from boss, backend
// create/network, proxy, boot, then wait for a stop request or the vnode's own
// exit. Requests are honoured between phases; whatever got built is handed to
// the teardown, which undoes it through the journal.
import type { Logger } from 'pino';
import type { RunningVnode, VnodeContext } from '../backend/types.js';
import type { VnodePaths } from '../paths/layout.js';
import { openStepRunner } from '../steps/step-runner.js';
import type { EndReason } from './lifecycle.js';
import type { ManagerParts } from './parts.js';
import { guardSocketDir } from './guarded-proxy.js';
import { superviseProxy, type ProxySupervisor } from './proxy-supervisor.js';
import type { StateReporter } from './state-reporter.js';
import type { StopRequests } from './stop-requests.js';
import { fetchVnodeConfig } from './vnode-config.js';

export interface Life {
  readonly reason: EndReason;
  readonly running?: RunningVnode;
  readonly proxy?: ProxySupervisor;
  /** This life's journal session: a failed boot undoes only the persistent steps it made. */
  readonly session?: number;
}

async function isSocket(deps: ManagerParts['host']['deps'], file: string): Promise<boolean> {
  try {
    return (await deps.fs.lstat(file)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

interface Built {
  running?: RunningVnode;
  proxy?: ProxySupervisor;
  session?: number;
}

export async function liveOnce(
  p: ManagerParts,
  paths: VnodePaths,
  requests: StopRequests,
  reporter: StateReporter,
  log: Logger,
): Promise<Life> {
  const built: Built = {};
  const end = (reason: EndReason): Life => ({ reason, ...built });
  const interrupted = (): Life | undefined =>
    requests.pending === undefined ? undefined : end({ kind: 'request', request: requests.pending });
  const { deps } = p.host;
  try {
    await reporter.report('BOOTING');
    await deps.fs.rm(paths.failedMarker, { force: true });
    await p.prepareHost();
    const steps = await openStepRunner({ scope: p.vnodeId, journalPath: paths.journal, registry: p.registry, deps });
    built.session = steps.session;
    const fetched = await fetchVnodeConfig({
      tmcc: p.tmcc, paths, steps, deps, boss: p.boss,
    });
    if (fetched.free) return end({ kind: 'node-free' });
    const vnode: VnodeContext = {
      id: p.vnodeId, paths, host: p.host, config: fetched.config, options: p.host.options, deps, log,
    };
    const stop1 = interrupted();
    if (stop1) return stop1;
    await p.backend.create(vnode, steps);
    await p.backend.configureNetwork(vnode, steps);
    const stop2 = interrupted();
    if (stop2) return stop2;
    const endpoint = p.backend.proxyEndpoint(vnode);
    // The socket's dir is inside the vnode's root: no planted link may steer the bind.
    built.proxy = superviseProxy(guardSocketDir(p.createProxy(endpoint.hostPath), deps, paths.rootDir, endpoint.hostPath), {
      log,
      clock: deps.clock,
      isHealthy: () => isSocket(deps, endpoint.hostPath),
      ...(p.proxyRestartDelayMs === undefined ? {} : { restartDelayMs: p.proxyRestartDelayMs }),
      ...(p.proxyCheckEveryMs === undefined ? {} : { checkEveryMs: p.proxyCheckEveryMs }),
    });
    await built.proxy.start();
    // A marker from an earlier life must not tell vnodesetup we are up.
    await deps.fs.rm(paths.runningMarker, { force: true });
    built.running = await p.backend.boot(vnode, steps);
    log.info({ pid: built.running.pid }, 'vnode booted');
    if (!built.running.reportsIsup) {
      await reporter.report('ISUP');
      await deps.fs.writeFile(paths.runningMarker, '');
    } else if (built.running.ready) {
      // The marker is what vnodesetup -b waits for; the vnode cannot reach the config dir.
      void built.running.ready.then(
        () => deps.fs.writeFile(paths.runningMarker, ''),
        (err: unknown) => log.warn({ err }, 'vnode readiness failed'),
      ).catch((err: unknown) => log.warn({ err }, 'could not write the running marker'));
    }
    const running = built.running;
    return end(
      await Promise.race([
        running.exited.then((e): EndReason => ({ kind: 'vnode-exited', code: e.exitCode, signal: e.signal })),
        requests.next().then((request): EndReason => ({ kind: 'request', request })),
      ]),
    );
  } catch (error) {
    log.error({ err: error }, 'vnode setup failed');
    // A kill that arrived meanwhile still wins: the operator wants it gone.
    if (requests.pending === 'kill') return end({ kind: 'request', request: 'kill' });
    return end({ kind: 'setup-failed', error });
  }
}
