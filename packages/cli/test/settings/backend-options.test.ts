import { describe, expect, it } from 'vitest';
import { mergeBackendOptions, parseBackendOptions } from '../../src/settings/backend-options.js';

describe('parseBackendOptions (TBVNODE_BACKEND_OPTIONS)', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['  ', {}],
    ['{"memoryMb":512,"bridgeMode":"emulab","debug":true}', { memoryMb: 512, bridgeMode: 'emulab', debug: true }],
  ])('%j -> %j', (text, expected) => {
    expect(parseBackendOptions(text)).toEqual(expected);
  });

  it.each([
    ['{memoryMb:512}', /not JSON/],
    ['[1,2]', /must be a JSON object/],
    ['null', /must be a JSON object/],
    ['"x"', /must be a JSON object/],
    ['{"limits":{"cpu":1}}', /limits must be a string, number or boolean/],
    ['{"x":null}', /x must be a string, number or boolean/],
  ])('%j is a usage error', (text, message) => {
    expect(() => parseBackendOptions(text)).toThrow(message);
    try {
      parseBackendOptions(text);
    } catch (err) {
      expect((err as { code: string }).code).toBe('USAGE');
    }
  });
});

describe('mergeBackendOptions', () => {
  it('later sources win and undefined never overrides', () => {
    expect(
      mergeBackendOptions({ nodePath: '/usr/bin/node', tmccBundle: '/t.cjs' }, { memoryMb: 64, tmccBundle: '/other.cjs' }, { shell: '/bin/sh', memoryMb: undefined }),
    ).toEqual({ nodePath: '/usr/bin/node', tmccBundle: '/other.cjs', memoryMb: 64, shell: '/bin/sh' });
  });
});
