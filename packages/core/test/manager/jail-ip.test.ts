import { describe, expect, it } from 'vitest';
import { splitJailIp } from '../../src/manager/vnode-config.js';

describe('splitJailIp: the one reader of JAILIP', () => {
  it.each<[string | readonly string[] | undefined, [string | undefined, string | undefined]]>([
    ['172.17.1.1,255.240.0.0', ['172.17.1.1', '255.240.0.0']],
    [' 172.17.1.1,255.240.0.0\n', ['172.17.1.1', '255.240.0.0']],
    ['172.17.1.1', ['172.17.1.1', undefined]],
    [['172.17.1.2,255.240.0.0', '172.17.1.3,255.240.0.0'], ['172.17.1.2', '255.240.0.0']],
    ['172.17.1.1,', [undefined, undefined]],
    ['host.example,255.0.0.0', [undefined, undefined]],
    ['', [undefined, undefined]],
    [undefined, [undefined, undefined]],
  ])('%j -> %j', (v, want) => expect(splitJailIp(v)).toEqual(want));
});
