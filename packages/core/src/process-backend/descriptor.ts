// The process backend's descriptor: built in, so the CLI needs no package for it.
import type { BackendDescriptor, BackendOptions } from '../backend/types.js';
import { createProcessBackend } from './backend.js';
import { locateTmccBin } from './locate-tmcc.js';

function stringOption(options: BackendOptions, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export const processBackend: BackendDescriptor = {
  name: 'process',
  packageName: '@tbvnode/core',
  platforms: ['linux', 'freebsd', 'darwin', 'openbsd', 'netbsd'],
  create(options) {
    const tmccBin = stringOption(options, 'tmccBin') ?? locateTmccBin(import.meta.url);
    if (tmccBin === undefined) throw new Error('process backend: cannot find @tbvnode/tmcc; install it or pass tmccBin');
    const grace = options['stopGraceMs'];
    return createProcessBackend({
      tmccBin,
      nodePath: stringOption(options, 'nodePath') ?? process.execPath,
      ...(typeof grace === 'number' ? { stopGraceMs: grace } : {}),
    });
  },
};
