// Boss decides how many interfaces a vnode gets: 40 on one vnode must not
// become 40 host bridges. Past maxInterfaces that vnode fails with a clear
// reason before any device is made; another vnode still gets its LAN.
import { describe, expect, it } from 'vitest';
import { checkInterfaceCount } from '../../src/net/iface-cap.js';
import { createWorld, ifconfigLine, needsRoot } from '../support/env.js';

describe('checkInterfaceCount', () => {
  it('lets up to the cap through and names the vnode, the count and the option past it', () => {
    expect(() => checkInterfaceCount('pcvm1-1', 16, 16)).not.toThrow();
    expect(() => checkInterfaceCount('pcvm1-1', 40, 16)).toThrow(/pcvm1-1: boss lists 40 experiment interfaces, more than maxInterfaces \(16\)/);
  });
});

describe.skipIf(needsRoot('linux-vserver interface cap'))('interfaces per vnode', () => {
  it('refuses 40 interfaces on one vnode without making a bridge, and the next vnode still gets its LAN', { timeout: 90_000 }, async () => {
    const world = await createWorld();
    const bridges = async (): Promise<string[]> =>
      (await world.host.runner.run(['ip', '-o', 'link', 'show', 'type', 'bridge'])).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (l.split(':')[1] ?? '').trim());
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const before = await bridges();
      const many = Array.from({ length: 40 }, (_, k) => ifconfigLine(`10.2.${k}.2`, `lan${k}`, '')).join('');
      const a = await world.vnode('pcvm1-1', { ifconfig: many });
      try {
        await expect(world.backend.configureNetwork(a.ctx, a.steps)).rejects.toMatchObject({ code: 'LINUX_TOO_MANY_INTERFACES' });
        expect(await bridges()).toEqual(before);
      } finally {
        await a.steps.undo('kill');
      }
      const b = await world.vnode('pcvm1-2', { ifconfig: ifconfigLine('10.1.1.3', 'lan0', '') });
      try {
        await world.backend.configureNetwork(b.ctx, b.steps);
        expect((await bridges()).length).toBe(before.length + 1);
      } finally {
        await b.steps.undo('kill');
      }
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
