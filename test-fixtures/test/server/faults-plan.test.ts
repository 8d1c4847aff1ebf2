import { describe, expect, it } from 'vitest';
import { planResponse, toSlots, type Fault, type RequestInfo } from '../../src/server/faults.js';

const tcpReq = (command = 'nodeid', vnodeId = 'pcvm1-1'): RequestInfo => ({ transport: 'tcp', phase: 'request', command, vnodeId });

describe('planResponse', () => {
  const cases: Array<[string, Fault[], RequestInfo, { delayMs: number; action: string; consumed: number[] }]> = [
    ['no faults', [], tcpReq(), { delayMs: 0, action: 'answer', consumed: [] }],
    ['delays add up', [{ kind: 'delay', ms: 5 }, { kind: 'delay', ms: 7 }], tcpReq(), { delayMs: 12, action: 'answer', consumed: [0, 1] }],
    [
      'first action wins, later ones are not used up',
      [{ kind: 'redirect', to: 'a' }, { kind: 'garbage', bytes: 3 }],
      tcpReq(),
      { delayMs: 0, action: 'redirect', consumed: [0] },
    ],
    ['refuse never shapes a request', [{ kind: 'refuse' }], tcpReq(), { delayMs: 0, action: 'answer', consumed: [] }],
    [
      'transport filter',
      [{ kind: 'garbage', transport: 'udp' }],
      tcpReq(),
      { delayMs: 0, action: 'answer', consumed: [] },
    ],
    [
      'command and vnode filters',
      [{ kind: 'close-early', match: { command: 'state' } }, { kind: 'delay', ms: 1, match: { vnodeId: 'pcvm1-1' } }],
      tcpReq('nodeid', 'pcvm1-1'),
      { delayMs: 1, action: 'answer', consumed: [1] },
    ],
    [
      'accept-phase close only at accept',
      [{ kind: 'close-early', when: 'accept' }],
      tcpReq(),
      { delayMs: 0, action: 'answer', consumed: [] },
    ],
    [
      'at accept only the accept-phase close applies',
      [{ kind: 'delay', ms: 9 }, { kind: 'close-early', when: 'accept' }],
      { transport: 'tcp', phase: 'accept' },
      { delayMs: 0, action: 'close', consumed: [1] },
    ],
  ];
  it.each(cases)('%s', (_name, faults, info, expected) => {
    const p = planResponse(toSlots(faults), info);
    expect({ delayMs: p.delayMs, action: p.action.kind, consumed: p.consumed }).toEqual(expected);
  });

  it('skips a fault whose count is used up', () => {
    const slots = toSlots([{ kind: 'redirect', to: 'x', count: 1 }]);
    expect(slots[0]?.remaining).toBe(1);
    const slot = slots[0];
    if (slot) slot.remaining = 0;
    expect(planResponse(slots, tcpReq()).action.kind).toBe('answer');
  });

  it('takes the first trickle only', () => {
    const p = planResponse(
      toSlots([{ kind: 'trickle', chunkBytes: 0, intervalMs: 5 }, { kind: 'trickle', chunkBytes: 9, intervalMs: 1 }]),
      tcpReq(),
    );
    expect(p.trickle).toEqual({ chunkBytes: 1, intervalMs: 5 });
  });
});
