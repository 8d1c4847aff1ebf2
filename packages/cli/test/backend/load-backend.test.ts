import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/backend/load-backend.js';

const realImport = (s: string): Promise<unknown> => import(s);

describe('loadBackend', () => {
  it('has the process backend built in, without importing anything', async () => {
    const imported: string[] = [];
    const d = await loadBackend('process', async (s) => imported.push(s), 'linux');
    expect(d.name).toBe('process');
    expect(imported).toEqual([]);
  });

  it('names the package to install when a backend is not installed', async () => {
    const err = await loadBackend('@tbvnode/backend-not-installed', realImport, 'linux').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKEND_NOT_INSTALLED' });
    expect((err as Error).message).toContain('npm install @tbvnode/backend-not-installed');
  });

  it('loads a known backend by its package name via import()', async () => {
    const imported: string[] = [];
    const descriptor = { name: 'freebsd-jail', packageName: '@tbvnode/backend-freebsd-jail', platforms: ['freebsd'], create: () => ({}) };
    const d = await loadBackend('freebsd-jail', async (s) => (imported.push(s), { backend: descriptor }), 'freebsd');
    expect(imported).toEqual(['@tbvnode/backend-freebsd-jail']);
    expect(d).toBe(descriptor);
  });

  it('refuses a backend for another platform', async () => {
    const descriptor = { name: 'freebsd-jail', packageName: 'x', platforms: ['freebsd'], create: () => ({}) };
    await expect(loadBackend('freebsd-jail', async () => ({ backend: descriptor }), 'linux')).rejects.toMatchObject({
      code: 'BACKEND_UNSUPPORTED_PLATFORM',
    });
  });

  it('refuses a package without a descriptor', async () => {
    await expect(loadBackend('linux-vserver', async () => ({}), 'linux')).rejects.toMatchObject({ code: 'BACKEND_INVALID' });
  });

  it('reports a broken install (a dependency of the backend missing) as a load failure', async () => {
    const missingDep = Object.assign(new Error("Cannot find package 'left-pad' imported from /x/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadBackend('linux-vserver', () => Promise.reject(missingDep), 'linux')).rejects.toMatchObject({
      code: 'BACKEND_LOAD_FAILED',
    });
  });
});
