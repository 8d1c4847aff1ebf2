import { describe, expect, it } from 'vitest';
import { politeStopTarget, type VnodeProcessResult } from '../../src/steps/vnode-process.js';

// Who gets USR1 when the vnode stops: only a released init that is still ours.
describe('politeStopTarget', () => {
  const started: VnodeProcessResult = { unsharePid: 10, unshareToken: 't10', initPid: 11, initToken: 't11' };
  const cases: ReadonlyArray<{ name: string; result: VnodeProcessResult | undefined; ours: number[]; want: number | undefined }> = [
    { name: 'released and ours: init is asked', result: { ...started, released: true }, ours: [11, 10], want: 11 },
    { name: 'not released (held at the barrier): straight to SIGKILL', result: started, ours: [11, 10], want: undefined },
    { name: 'released, but init is gone or its pid reused: nobody is asked', result: { ...started, released: true }, ours: [10], want: undefined },
    { name: 'no init pid journaled yet', result: { unsharePid: 10, unshareToken: 't10' }, ours: [10], want: undefined },
    { name: 'nothing journaled (found by argv)', result: undefined, ours: [10], want: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(politeStopTarget(c.result, c.ours)).toBe(c.want));
});
