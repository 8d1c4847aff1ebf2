export * from './host/throwaway-host.js';
export * from './host/snapshot.js';
export * from './host/processes.js';
export * from './host/run-command.js';
export * from './host/vnode-probe.js';
