import { describe, expect, it } from 'vitest';
import { backendPackage, resolveSettings } from '../../src/settings/settings.js';

describe('resolveSettings', () => {
  it.each<[string, Parameters<typeof resolveSettings>[0], { root: string; backend: string }]>([
    ['platform default on Linux', { flags: {}, env: {}, platform: 'linux' }, { root: '/', backend: 'linux-vserver' }],
    ['platform default on FreeBSD', { flags: {}, env: {}, platform: 'freebsd' }, { root: '/', backend: 'freebsd-jail' }],
    ['env', { flags: {}, env: { TBVNODE_ROOT: '/srv/t', TBVNODE_BACKEND: 'process' }, platform: 'linux' }, { root: '/srv/t', backend: 'process' }],
    ['flags beat env', { flags: { root: '/a', backend: 'freebsd-jail' }, env: { TBVNODE_ROOT: '/b', TBVNODE_BACKEND: 'process' }, platform: 'linux' }, { root: '/a', backend: 'freebsd-jail' }],
    ['empty env is unset', { flags: {}, env: { TBVNODE_ROOT: '', TBVNODE_BACKEND: '' }, platform: 'linux' }, { root: '/', backend: 'linux-vserver' }],
  ])('%s', (_name, input, expected) => {
    expect(resolveSettings(input)).toEqual(expected);
  });

  it('needs --backend where there is no platform default', () => {
    expect(() => resolveSettings({ flags: {}, env: {}, platform: 'darwin' })).toThrow(
      expect.objectContaining({ code: 'NO_DEFAULT_BACKEND' }),
    );
  });
});

describe('backendPackage', () => {
  it.each([
    ['process', undefined],
    ['linux-vserver', '@tbvnode/backend-linux-vserver'],
    ['freebsd-jail', '@tbvnode/backend-freebsd-jail'],
    ['@acme/tbvnode-backend-bhyve', '@acme/tbvnode-backend-bhyve'],
  ])('%s -> %s', (name, pkg) => {
    expect(backendPackage(name)).toBe(pkg);
  });

  it.each(['docker', '../evil', 'lodash'])('refuses %s', (name) => {
    expect(() => backendPackage(name)).toThrow(expect.objectContaining({ code: 'UNKNOWN_BACKEND' }));
  });
});
