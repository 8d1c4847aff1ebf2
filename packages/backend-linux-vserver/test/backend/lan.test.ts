// Two vnodes on one experiment LAN talk to each other over it, and to the host
// over the control net; the LAN bridge goes when its last port goes.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournaledStepRunner, RunningVnode } from '@tbvnode/core';
import { createWorld, ifconfigLine, isRoot, TEST_EXPERIMENT, waitForFile, warnSkip, type World } from '../support/env.js';
import { lanBridgeName, lanKey } from '../../src/net/lan-key.js';

const LAN0_BRIDGE = lanBridgeName(lanKey({ lan: 'lan0', experiment: TEST_EXPERIMENT }));

warnSkip('linux-vserver LAN tests');

// A one-shot TCP exchange with node (there is no ping on this machine): prints what the server sent.
const CLIENT = "const s=require('net').connect(+process.argv[2],process.argv[1]);s.setTimeout(5000,()=>process.exit(2));s.on('data',d=>{console.log(String(d));process.exit(0)});s.on('error',e=>{console.error(e.message);process.exit(1)})";
const SERVER = "require('net').createServer(s=>s.end(require('os').hostname())).listen(+process.argv[2],process.argv[1],()=>console.log('listening'))";

describe.skipIf(!isRoot)('an experiment LAN', () => {
  let world: World;
  const journals: JournaledStepRunner[] = [];
  const vnodes: RunningVnode[] = [];
  beforeAll(async () => {
    world = await createWorld();
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    for (const [id, ip] of [['pcvm1-1', '10.1.1.2'], ['pcvm1-2', '10.1.1.3']] as const) {
      const { ctx, steps } = await world.vnode(id, { ifconfig: ifconfigLine(ip, 'lan0', '') });
      journals.push(steps);
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      vnodes.push(await world.backend.boot(ctx, steps));
      await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    }
  });
  afterAll(async () => {
    if (!world) return;
    try {
      for (const v of vnodes) await v.stop(5_000);
      for (const j of journals) await j.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });

  it('carries traffic between the vnodes, and from a vnode to the host over cnet', async () => {
    const [a, b] = vnodes as [RunningVnode, RunningVnode];
    const server = await world.host.runner.start(['nsenter', '-t', String(a.pid), '-m', '-u', '-i', '-n', '-p', '--', process.execPath, '-e', SERVER, '10.1.1.2', '7000'], {});
    try {
      let out = '';
      for (let i = 0; i < 50 && !out.includes('pcvm1-1'); i++) {
        out = (await world.host.execInVnode(b.pid, [process.execPath, '-e', CLIENT, '10.1.1.2', '7000'], { reject: false })).stdout;
        if (!out.includes('pcvm1-1')) await world.deps.clock.sleep(50);
      }
      expect(out.trim()).toBe('pcvm1-1');
    } finally {
      server.kill('SIGKILL');
      await server.exited;
    }
    // The control net: the host's alias 172.16.0.1 answers from inside a vnode.
    const hostSide = await world.host.runner.start([process.execPath, '-e', SERVER, '172.16.0.1', '7001'], {});
    try {
      let out = '';
      for (let i = 0; i < 50 && out === ''; i++) {
        out = (await world.host.execInVnode(b.pid, [process.execPath, '-e', CLIENT, '172.16.0.1', '7001'], { reject: false })).stdout.trim();
        if (out === '') await world.deps.clock.sleep(50);
      }
      expect(out).not.toBe('');
    } finally {
      hostSide.kill('SIGKILL');
      await hostSide.exited;
    }
  });

  it('keeps the LAN bridge while a port remains and removes it with the last', async () => {
    expect(await world.host.links()).toContain(LAN0_BRIDGE);
    await (vnodes[0] as RunningVnode).stop(5_000);
    await (journals[0] as JournaledStepRunner).undo('kill');
    expect(await world.host.links()).toContain(LAN0_BRIDGE);
    await (vnodes[1] as RunningVnode).stop(5_000);
    await (journals[1] as JournaledStepRunner).undo('kill');
    expect(await world.host.links()).not.toContain(LAN0_BRIDGE);
    vnodes.length = 0;
    journals.length = 0;
  });
});
