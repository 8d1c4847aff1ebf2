// Core's shared backend conformance suite, run for freebsd-jail against a
// fresh fake FreeBSD host per check (host prepared: the jail devfs ruleset exists).
import { runBackendConformance } from '@tbvnode/core/testing';
import { createFreebsdJailBackend } from '../src/index.js';
import { startTestBoss } from './support/boss.js';
import { conformanceHost } from './support/conformance-host.js';
import { BASE_OPTIONS } from './support/world.js';

runBackendConformance({
  describeName: 'freebsd-jail on a fake host',
  maxSteps: 34,
  // pcvm1-1 of test-fixtures' three-vnode experiment, booted by core's real manager.
  manager: { startBoss: startTestBoss, vnodeId: 'pcvm1-1' },
  makeBackend: () => createFreebsdJailBackend(BASE_OPTIONS),
  makeHost: () => conformanceHost(),
});
