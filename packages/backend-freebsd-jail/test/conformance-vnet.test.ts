// Core's shared backend conformance suite again, in netMode=vnet: the same
// checks (the fault test over every step of the bring-up, core's real manager
// against test-fixtures' boss, whose ifconfig reply gives pcvm1-1 its
// experiment interfaces) with epairs and LAN bridges on the fake host.
import { runBackendConformance } from '@tbvnode/core/testing';
import { createFreebsdJailBackend } from '../src/index.js';
import { vnetNet } from './fixtures/jailconfigs.js';
import { startTestBoss } from './support/boss.js';
import { conformanceHost } from './support/conformance-host.js';
import { BASE_OPTIONS } from './support/world.js';

const VNET = { ...BASE_OPTIONS, netMode: 'vnet' };

runBackendConformance({
  describeName: 'freebsd-jail (netMode=vnet) on a fake host',
  maxSteps: 40,
  manager: { startBoss: startTestBoss, vnodeId: 'pcvm1-1' },
  makeBackend: () => createFreebsdJailBackend(VNET),
  makeHost: () => conformanceHost({ netMode: 'vnet' }, vnetNet),
});
