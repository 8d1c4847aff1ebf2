import { describe, expect, it } from 'vitest';
import { optionsInEnviron, staleOptionsWarning } from '../../src/runtime/manager-options.js';

describe('optionsInEnviron', () => {
  it.each([
    ['PATH=/bin\0TBVNODE_BACKEND_OPTIONS={"cpus":1}\0HOME=/\0', '{"cpus":1}'],
    ['PATH=/bin\0XTBVNODE_BACKEND_OPTIONS=1\0', undefined],
    ['', undefined],
  ])('%j', (environ, want) => {
    expect(optionsInEnviron(environ)).toBe(want);
  });
});

describe('staleOptionsWarning', () => {
  it.each([
    [undefined, undefined, false],
    [undefined, '', false],
    ['{"cpus":1}', '{"cpus":1}', false],
    ['{"cpus":1}', '{"cpus":2}', true],
    [undefined, '{"memoryMb":512}', true],
    ['{"cpus":1}', undefined, true],
  ])('running %j, wanted %j -> warn %s', (running, wanted, warn) => {
    expect(staleOptionsWarning('pcvm1-1', '-j', running, wanted) !== undefined).toBe(warn);
  });
  it('says how to apply them', () => {
    expect(staleOptionsWarning('pcvm1-1', '-j', undefined, '{"cpus":2}')).toBe(
      "vnodesetup: pcvm1-1's manager runs with TBVNODE_BACKEND_OPTIONS=(unset); -r keeps them. " +
        'To apply {"cpus":2}: vnodesetup -j -h pcvm1-1 && vnodesetup -j -b pcvm1-1',
    );
  });
});
