export * from './errors/tbvnode-error.js';
export type * from './deps.js';
export * from './runner/types.js';
export type * from './steps/types.js';
export type * from './backend/types.js';
export * from './paths/vnode-id.js';
export * from './paths/layout.js';
export * from './steps/errors.js';
export * from './journal/types.js';
