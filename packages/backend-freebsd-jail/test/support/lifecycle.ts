// A vnode's whole life on the fake host, as the fault and crash tests drive it:
// prepare the host, boot, stop, halt, boot again (restore), stop, kill.
import type { JailConfig } from '../../src/index.js';
import { bringUp, type VnodeNet, type World } from './world.js';

export const VNODE = 'pcvm42-3';

export async function wholeLife(w: World, jailconfig: JailConfig, net?: VnodeNet): Promise<void> {
  const b = w.backend();
  await b.prepareHost(w.hostCtx, await w.openHost());
  const v = await w.vnode(VNODE, jailconfig, net);
  for (let life = 0; life < 2; life += 1) {
    const running = await bringUp(b, v, await w.open(v));
    await running.stop(5_000);
    await w.undo(v, life === 0 ? 'halt' : 'kill');
  }
  await w.undoHost();
}

/**
 * What the manager (or `vnodesetup -k`, or the next boot) does after anything
 * went wrong: undo the vnode's journal and the host's, with a fresh backend.
 * An undo whose own command failed is retried once (undo is idempotent).
 */
export async function cleanUp(w: World, jailconfig: JailConfig, net?: VnodeNet): Promise<void> {
  const v = await w.vnode(VNODE, jailconfig, net);
  await w.undo(v, 'kill').catch(() => w.undo(v, 'kill'));
  await w.undoHost().catch(() => w.undoHost());
}
