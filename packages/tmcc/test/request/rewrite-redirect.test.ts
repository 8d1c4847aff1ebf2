import { describe, expect, it } from 'vitest';
import { planRedirect } from '../../src/request/rewrite-redirect.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('planRedirect', () => {
  it.each([
    ['REDIRECT=10.0.0.1\n', 'VERSION=34 nodeid ', '10.0.0.1', 'VERSION=34 nodeid ', false],
    ['REDIRECT=10.0.0.1:pcvm2-2\n', 'VERSION=34 nodeid ', '10.0.0.1', 'VNODEID=pcvm2-2 VERSION=34 nodeid ', true],
    ['REDIRECT=boss:pcvm2-2\nignored', 'VNODEID=pcvm1-1 PRIVKEY=k VERSION=34 x ', 'boss', 'VNODEID=pcvm2-2 PRIVKEY=k VERSION=34 x ', true],
    // Only a leading VNODEID is replaced, as in Emulab.
    ['REDIRECT=boss:v2', 'PRIVKEY=k VNODEID=v1 VERSION=34 x ', 'boss', 'VNODEID=v2 PRIVKEY=k VNODEID=v1 VERSION=34 x ', true],
  ])('%j applied to %j', (reply, request, host, out, rewritten) => {
    const plan = planRedirect(b(reply), b(request));
    expect(plan.host).toBe(host);
    expect(plan.request.toString('latin1')).toBe(out);
    expect(plan.rewritten).toBe(rewritten);
  });

  it('refuses a REDIRECT without host', () => {
    expect(() => planRedirect(b('REDIRECT=\n'), b('VERSION=34 x '))).toThrow('REDIRECT without a host');
  });
});
