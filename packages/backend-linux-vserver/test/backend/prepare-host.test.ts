// Host preparation inside a throwaway host: Emulab's mode moves the control IP
// onto cbr0 and enslaves the control interface; undo puts everything back. cbr0
// is never deleted while a vnode still uses it.
import { afterEach, describe, expect, it } from 'vitest';
import { isTbvnodeError } from '@tbvnode/core';
import { createWorld, needsRoot, type World } from '../support/env.js';

describe.skipIf(needsRoot('linux-vserver host preparation'))('prepareHost', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.host.destroy();
    world = undefined;
  });

  it('emulab mode moves the control address to cbr0 and back, keeping the default route', async () => {
    world = await createWorld({ bridgeMode: 'emulab', controlIface: 'ctl0', controlCidr: '10.250.0.2/24', controlGateway: '10.250.0.1' });
    const { host } = world;
    const addrs = async (dev: string) => (await host.run(['ip', '-o', '-4', 'addr', 'show', 'dev', dev])).stdout;
    const route = async () => (await host.run(['ip', 'route', 'get', host.gatewayIp])).stdout;
    expect(await route()).toContain('dev ctl0');

    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    expect(await addrs('cbr0')).toContain('10.250.0.2/24');
    expect(await addrs('cbr0')).toContain('172.16.0.1/12');
    expect(await addrs('ctl0')).not.toContain('10.250.0.2');
    expect((await host.run(['ip', '-o', 'link', 'show', 'ctl0'])).stdout).toContain('master cbr0');
    expect(await route()).toContain('dev cbr0');
    expect((await host.run(['ip', 'route', 'show', 'default'])).stdout).toContain('via 10.250.0.1 dev cbr0');

    await world.hostSteps.undo('kill');
    expect(await host.links()).not.toContain('cbr0');
    expect(await addrs('ctl0')).toContain('10.250.0.2/24');
    expect((await host.run(['ip', 'route', 'show', 'default'])).stdout).toContain('via 10.250.0.1 dev ctl0');
  });

  it('alias mode never touches the control interface', async () => {
    world = await createWorld();
    const before = (await world.host.run(['ip', '-o', '-4', 'addr', 'show', 'dev', 'ctl0'])).stdout;
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    expect((await world.host.run(['ip', '-o', '-4', 'addr', 'show', 'dev', 'ctl0'])).stdout).toBe(before);
    expect((await world.host.run(['ip', '-o', 'link', 'show', 'ctl0'])).stdout).not.toContain('master');
    await world.hostSteps.undo('kill');
  });

  it('refuses to delete cbr0 while a vnode port is in it, and deletes it once that is gone', async () => {
    world = await createWorld();
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    const { ctx, steps } = await world.vnode('pcvm1-5');
    await world.backend.configureNetwork(ctx, steps);
    const err = await world.hostSteps.undo('kill').then(() => null, (e: unknown) => e);
    expect(isTbvnodeError(err) && err.code).toBe('UNDO_INCOMPLETE');
    expect(String((err as Error).message)).toMatch(/cbr0 still has members \(pnet5\)/);
    expect(await world.host.links()).toContain('cbr0');
    await steps.undo('kill');
    await world.hostSteps.undo('kill');
    expect(await world.host.links()).not.toContain('cbr0');
  });
});
