// ISUP comes from inside the jail (Emulab's rc.injail, through the proxy), as on
// Emulab, not from the manager when boot() returns: a jail whose rc never gets
// that far is never reported up.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { composeManager, runManager, validateVnodeId, vnodePaths } from '@tbvnode/core';
import { waitFor } from '@tbvnode/test-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBoss } from '../support/boss.js';
import { createWorld, type World } from '../support/world.js';

const ID = validateVnodeId('pcvm1-1');
let w: World | undefined;
let boss: Awaited<ReturnType<typeof startTestBoss>> | undefined;
afterEach(async () => {
  await boss?.stop();
  await w?.dispose();
});

async function startManager(x: World, b: NonNullable<typeof boss>) {
  const signals = new EventEmitter();
  const exit = runManager(composeManager({
    vnodeId: ID, backend: x.backend(), host: x.hostCtx, boss: b.endpoint, signals,
    prepareHost: async () => undefined, stopTimeoutMs: 3_000, proxyCheckEveryMs: 50, proxyRestartDelayMs: 10,
  }));
  return { exit, send: (s: NodeJS.Signals) => signals.emit(s, s) };
}

const until = (what: string, cond: () => boolean, ms = 15_000): Promise<void> => waitFor(what, cond, { timeoutMs: ms, intervalMs: 20 });

describe('ISUP from inside the jail', () => {
  it('the jail\'s rc reports ISUP through the proxy; the manager writes the running marker after it', async () => {
    w = await createWorld();
    await w.backend().prepareHost(w.hostCtx, await w.openHost());
    boss = await startTestBoss();
    const m = await startManager(w, boss);
    await boss.waitForState(ID, 'ISUP', 15_000);
    const marker = vnodePaths(w.hostCtx.paths, ID).runningMarker;
    await until('the running marker', () => w?.fake.jails.has(ID) === true && existsSync(marker));
    m.send('SIGUSR1');
    expect(await m.exit).toBe(0);
    expect(boss.states(ID)).toEqual(['BOOTING', 'ISUP', 'SHUTDOWN']);
  });

  it('a jail whose rc never reports is not reported up by the manager', async () => {
    w = await createWorld();
    // An image whose rc.injail never gets as far as ISUP.
    w.fake.jailRc = async () => undefined;
    await w.backend().prepareHost(w.hostCtx, await w.openHost());
    boss = await startTestBoss();
    const m = await startManager(w, boss);
    await until('the jail', () => w?.fake.jails.has(ID) === true);
    m.send('SIGUSR1');
    expect(await m.exit).toBe(0);
    expect(boss.states(ID)).toEqual(['BOOTING', 'SHUTDOWN']);
  });
});
