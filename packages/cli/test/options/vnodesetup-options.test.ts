import { describe, expect, it } from 'vitest';
import { toVnodesetupRequest, type VnodesetupFlags } from '../../src/options/vnodesetup-options.js';

describe('toVnodesetupRequest', () => {
  it.each<[string, VnodesetupFlags, Partial<ReturnType<typeof toVnodesetupRequest>>]>([
    ['boot by default', { j: true }, { kind: 'jail', action: 'boot', debug: false }],
    ['-b -jVt as bootvnodes passes it', { b: true, j: true, V: true, t: true }, { kind: 'jail', action: 'boot', timestamps: true }],
    ['fake vnode halt', { i: true, h: true }, { kind: 'fake', action: 'halt' }],
    ['kill', { j: true, k: true }, { action: 'kill' }],
    ['reboot', { j: true, r: true }, { action: 'reboot' }],
    ['debug', { j: true, d: true }, { debug: true }],
    ['default waits', { j: true }, { bootWaitMs: 60_000, stopWaitMs: 30_000 }],
    ['tuned waits', { j: true, wait: '5', stopWait: '0.5' }, { bootWaitMs: 5_000, stopWaitMs: 500 }],
  ])('%s', (_name, flags, expected) => {
    expect(toVnodesetupRequest(flags, ['pcvm1-1'])).toMatchObject({ vnodeId: 'pcvm1-1', ...expected });
  });

  it.each<[string, VnodesetupFlags, string[], string]>([
    ['no kind', {}, ['pcvm1-1'], 'USAGE'],
    ['both kinds', { i: true, j: true }, ['pcvm1-1'], 'USAGE'],
    ['planetlab', { p: true }, ['pcvm1-1'], 'USAGE'],
    ['two actions', { j: true, h: true, k: true }, ['pcvm1-1'], 'USAGE'],
    ['no id', { j: true }, [], 'USAGE'],
    ['two ids', { j: true }, ['a', 'b'], 'USAGE'],
    ['bad wait', { j: true, wait: 'soon' }, ['pcvm1-1'], 'USAGE'],
    ['path traversal', { j: true }, ['../x'], 'INVALID_VNODE_ID'],
    ['space', { j: true }, ['a b'], 'INVALID_VNODE_ID'],
    ['shell', { j: true }, [';id'], 'INVALID_VNODE_ID'],
    ['empty', { j: true }, [''], 'INVALID_VNODE_ID'],
    ['300 characters', { j: true }, ['a'.repeat(300)], 'INVALID_VNODE_ID'],
  ])('refuses %s', (_name, flags, args, code) => {
    expect(() => toVnodesetupRequest(flags, args)).toThrow(expect.objectContaining({ code }));
  });

  it('checks the id before anything else', () => {
    expect(() => toVnodesetupRequest({ p: true }, ['../x'])).toThrow(expect.objectContaining({ code: 'INVALID_VNODE_ID' }));
  });
});
