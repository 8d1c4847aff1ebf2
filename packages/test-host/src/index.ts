export * from './throwaway-host.js';
export * from './snapshot.js';
export * from './processes.js';
export * from './tracking-runner.js';
