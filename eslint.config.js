// One lint config for every package; type-aware rules catch floating promises,
// which in a process manager mean lost errors. Nx's module-boundary rule keeps the
// dependency direction of DESIGN.md honest, from the project tags in each
// package.json: nothing imports a backend but the CLI's bundle entry, no backend
// imports another, nothing imports tools.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const support = 'type:test-support';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: [
            { sourceTag: 'scope:tmcc', onlyDependOnLibsWithTags: ['scope:tmcc', support] },
            { sourceTag: 'scope:proxy', onlyDependOnLibsWithTags: ['scope:tmcc', 'scope:proxy', support] },
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:tmcc', 'scope:proxy', 'scope:core', support] },
            { sourceTag: 'type:backend', onlyDependOnLibsWithTags: ['scope:tmcc', 'scope:core', support] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:tmcc', 'scope:core', 'scope:cli', support] },
            { sourceTag: support, onlyDependOnLibsWithTags: ['scope:tmcc', 'scope:proxy', 'scope:core', support] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // The bundled bins carry a copy of each backend, used only when that exact
    // package is installed (src/backend/bundled-backends.ts); everywhere else the
    // CLI reaches a backend through import() of its package name.
    files: ['packages/cli/src/bundle/entry.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
