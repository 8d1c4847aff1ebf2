import { describe, expect, it } from 'vitest';
import { parseIfStatus } from '../../src/parse/ifconfig-status.js';

// sbin/ifconfig/ifconfig.c status ("\tdescription: %s") and ifbridge.c bridge_status ("\tmember: %s flags=...").
const BRIDGE = [
  'tbl746905509a88: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500',
  '\tdescription: tbvnode lan exp/p/e/lan0',
  '\tether 58:9c:fc:10:ff:d6',
  '\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15',
  '\tmember: tbv1a2b3c.0h flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>',
  '\t        ifmaxaddr 0 port 5 priority 128 path cost 2000',
  '\tmember: tbv4d5e6f.0h flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>',
  '\t        ifmaxaddr 0 port 6 priority 128 path cost 2000',
  '',
].join('\n');

describe('parseIfStatus', () => {
  it.each([
    ['a marked bridge with two members', BRIDGE, { description: 'tbvnode lan exp/p/e/lan0', members: ['tbv1a2b3c.0h', 'tbv4d5e6f.0h'] }],
    ['no description line, no members', 'bridge0: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tid 00:00:00:00:00:00\n', { description: null, members: [] }],
    ['a description with spaces and colons kept whole', 'x: flags=0\n\tdescription: uplink: lab A\n', { description: 'uplink: lab A', members: [] }],
    // Only the status's own lines count: text elsewhere that merely mentions the words does not.
    ['"member:" not at a status line start', 'x: flags=0\n\tgroups: member: y\n', { description: null, members: [] }],
  ])('%s', (_what, out, want) => expect(parseIfStatus(out)).toEqual(want));
});
