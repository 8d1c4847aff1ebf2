// What the CLI imports (by package name, with import()). Importing does nothing;
// create() builds a backend from already-parsed operator options.
import type { BackendDescriptor, BackendOptions } from '@tbvnode/core';
import { createLinuxBackend } from './linux-backend.js';

export const backend: BackendDescriptor = {
  name: 'linux-vserver',
  packageName: '@tbvnode/backend-linux-vserver',
  platforms: ['linux'],
  create: (options: BackendOptions) => createLinuxBackend(options),
};
