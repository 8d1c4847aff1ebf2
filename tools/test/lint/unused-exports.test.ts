// core's exports are its designed API: a value export nobody imports is dead
// code or a leak of an internal, and fails here (the list is printed by
// `npm run unused-exports -w @tbvnode/tools`).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportUses } from '../../src/api/unused-exports.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('unused exports', () => {
  it('core exports no value that no other file uses', () => {
    const dead = exportUses(root, '@tbvnode/core')
      .filter((e) => e.kind === 'value' && e.inPackage + e.outside === 0)
      .map((e) => `${e.file}: ${e.name}`);
    expect(dead).toEqual([]);
  }, 300_000);
});
