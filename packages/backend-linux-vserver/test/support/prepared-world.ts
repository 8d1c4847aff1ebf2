// The world a describe's vnode tests share: a throwaway host prepared once before
// them, and after them every vnode journal undone ('kill'), then the host's, then
// the host destroyed (which fails on anything left behind).
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { JournaledStepRunner, RunningVnode, VnodeContext } from '@tbvnode/core';
import { createWorld, listenLikeProxy, waitForFile, type World } from './env.js';

export interface PreparedWorld {
  /** Set once beforeAll has run. */
  readonly world: World;
  /** A vnode's journal, undone ('kill') after the describe's tests. */
  track(steps: JournaledStepRunner): void;
}

export function usePreparedWorld(...args: Parameters<typeof createWorld>): PreparedWorld {
  let world: World | undefined;
  const journals: JournaledStepRunner[] = [];
  beforeAll(async () => {
    world = await createWorld(...args);
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
  });
  afterAll(async () => {
    if (!world) return;
    try {
      for (const j of journals) await j.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
  return {
    get world(): World {
      if (!world) throw new Error('the prepared world is built in beforeAll');
      return world;
    },
    track: (steps) => void journals.push(steps),
  };
}

/**
 * create, configureNetwork and boot a vnode, with a stand-in proxy on its socket,
 * until its rc has touched vrunning; returns what the rc sent through the proxy.
 */
export async function bootToRunning(
  world: World,
  ctx: VnodeContext,
  steps: JournaledStepRunner,
): Promise<{ running: RunningVnode; proxyRequests: string[] }> {
  const { backend } = world;
  await backend.create(ctx, steps);
  await backend.configureNetwork(ctx, steps);
  const proxy = await listenLikeProxy(backend.proxyEndpoint(ctx).hostPath);
  try {
    const running = await backend.boot(ctx, steps);
    await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    return { running, proxyRequests: proxy.requests };
  } finally {
    await proxy.close();
  }
}
