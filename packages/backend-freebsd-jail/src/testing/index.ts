export { FakeFreebsdHost, type FakeCall, type FaultPlan } from './fake-host.js';
export { DEFAULT_HOST_FILES, DEFAULT_JAIL_PARAMS, isBusy, parseSize, type FakeDisk, type FakeJail, type FakeMount, type FakeProc, type Reply } from './fake-state.js';
export { isFakePid } from './fake-host.js';
export { serveFakeHost, type FakeHostServer } from './fake-host-server.js';
export { connectFakeHost, type FakeHostClient } from './fake-host-client.js';
