import { describe, expect, it } from 'vitest';
import { bundledImportModule, chooseBundled } from '../../src/backend/bundled-backends.js';

describe('chooseBundled', () => {
  it.each([
    ['same version installed', '0.1.0', '0.1.0', 'bundled'],
    ['another version installed', '0.1.0', '0.2.0', 'import'],
    ['not installed', '0.1.0', undefined, 'import'],
    ['no bundled copy', undefined, '0.1.0', 'import'],
    ['neither', undefined, undefined, 'import'],
  ] as const)('%s -> %s', (_what, bundled, installed, want) => {
    expect(chooseBundled(bundled, installed)).toBe(want);
  });
});

describe('bundledImportModule', () => {
  const copy = { backend: 'bundled copy' };
  const setup = (installed: Record<string, string>) => {
    const imported: string[] = [];
    const importModule = bundledImportModule({
      bundled: new Map([['@tbvnode/backend-linux-vserver', { version: '0.1.0', module: copy }]]),
      installedVersion: (pkg) => installed[pkg],
      fallback: async (s) => (imported.push(s), { backend: `imported ${s}` }),
    });
    return { importModule, imported };
  };

  it('hands out the bundled copy when exactly that package is installed', async () => {
    const { importModule, imported } = setup({ '@tbvnode/backend-linux-vserver': '0.1.0' });
    expect(await importModule('@tbvnode/backend-linux-vserver')).toBe(copy);
    expect(imported).toEqual([]);
  });

  it('imports the installed package when its version differs', async () => {
    const { importModule, imported } = setup({ '@tbvnode/backend-linux-vserver': '0.2.0' });
    expect(await importModule('@tbvnode/backend-linux-vserver')).toEqual({ backend: 'imported @tbvnode/backend-linux-vserver' });
    expect(imported).toEqual(['@tbvnode/backend-linux-vserver']);
  });

  it('goes through import() when the package is not installed, so the usual not-installed error follows', async () => {
    const { importModule, imported } = setup({});
    await importModule('@tbvnode/backend-linux-vserver');
    expect(imported).toEqual(['@tbvnode/backend-linux-vserver']);
  });

  it('imports anything it has no copy of', async () => {
    const { importModule, imported } = setup({ 'acme-backend': '1.0.0' });
    await importModule('acme-backend');
    expect(imported).toEqual(['acme-backend']);
  });
});
