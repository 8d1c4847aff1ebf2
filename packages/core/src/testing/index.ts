export * from './recording-runner.js';
export * from './test-logger.js';
export * from './test-deps.js';
export * from './fault-injection.js';
export * from './host-snapshot.js';
export * from './conformance-checks.js';
export * from './conformance.js';
export * from './conformance-manager.js';
