// The dependency direction (DESIGN.md) is enforced by lint, not by review: these
// imports must be refused by the repository's own eslint config.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function boundaryErrors(file: string, text: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    // Only the boundary rule: type-aware rules need the file to exist on disk.
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['a backend importing another backend', 'packages/backend-linux-vserver/src/planted.ts', "import '@tbvnode/backend-freebsd-jail';"],
    ['core importing a backend', 'packages/core/src/planted.ts', "import '@tbvnode/backend-linux-vserver';"],
    ['the CLI importing a backend statically', 'packages/cli/src/commands/planted.ts', "import '@tbvnode/backend-linux-vserver';"],
    ['anything importing tools', 'packages/cli/src/planted.ts', "import '@tbvnode/tools/package.json';"],
    ['a relative import into another package', 'packages/core/src/planted.ts', "import '../../tmcc/src/index.js';"],
    ['tmcc importing core', 'packages/tmcc/src/planted.ts', "import '@tbvnode/core';"],
  ])('refuses %s', async (_what, file, text) => {
    expect(await boundaryErrors(file, text)).not.toEqual([]);
  }, 60_000);

  it('allows the direction the design wants', async () => {
    expect(await boundaryErrors('packages/backend-linux-vserver/src/planted.ts', "import '@tbvnode/core';")).toEqual([]);
    expect(await boundaryErrors('packages/tmcc-proxy/src/planted.ts', "import '@tbvnode/tmcc';")).toEqual([]);
  }, 60_000);
});
