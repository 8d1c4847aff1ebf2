// What the CLI imports (by package name, with import()). Importing does nothing;
// create() builds a backend from already-parsed operator options.
import type { BackendDescriptor, BackendOptions } from '@tbvnode/core';
import { createFreebsdJailBackend } from './jail-backend.js';

export const backend: BackendDescriptor = {
  name: 'freebsd-jail',
  packageName: '@tbvnode/backend-freebsd-jail',
  platforms: ['freebsd'],
  create: (options: BackendOptions) => createFreebsdJailBackend(options),
};
