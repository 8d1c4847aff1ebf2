export * from './recording-runner.js';
export * from './test-logger.js';
export * from './test-deps.js';
