import { describe, expect, it } from 'vitest';
import { builtinStepTypes } from '../../src/steps/builtin/index.js';
import { mkdirStep } from '../../src/steps/builtin/mkdir.js';
import { createStepRegistry } from '../../src/steps/registry.js';

describe('createStepRegistry', () => {
  it("always knows core's built-in step types, with no list given", () => {
    const registry = createStepRegistry();
    for (const t of builtinStepTypes) expect(registry.get(t.name)).toBe(t);
    expect(registry.names).toEqual(expect.arrayContaining([
      'core.mkdir', 'core.writeFile', 'core.symlink', 'core.mount', 'core.bindMount', 'core.startProcess', 'core.allocate',
    ]));
  });

  it('accepts a list that repeats the very same built-in objects', () => {
    expect(createStepRegistry([mkdirStep], builtinStepTypes).get('core.mkdir')).toBe(mkdirStep);
  });

  it('refuses a different step type under a built-in name (e.g. from a second copy of core)', () => {
    const impostor = { ...mkdirStep };
    expect(() => createStepRegistry([impostor])).toThrow(expect.objectContaining({ code: 'DUPLICATE_STEP_TYPE' }));
  });

  it('reports a name nobody registered as UNKNOWN_STEP_TYPE', () => {
    expect(() => createStepRegistry().get('linux.veth')).toThrow(expect.objectContaining({ code: 'UNKNOWN_STEP_TYPE' }));
  });
});
