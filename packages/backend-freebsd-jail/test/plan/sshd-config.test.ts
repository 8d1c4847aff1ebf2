import { describe, expect, it } from 'vitest';
import { jailSshdConfig, jailSshdListen } from '../../src/plan/sshd-config.js';

describe('jailSshdConfig (mkjail.pl\'s sshd premunge)', () => {
  it.each([
    ['the host\'s ListenAddress lines go, the jail\'s address is appended',
      'PermitRootLogin no\nListenAddress 155.98.36.42\nListenAddress [::1]:22\n', ['172.17.1.2'],
      'PermitRootLogin no\n# tbvnode: this jail\'s addresses\nListenAddress 172.17.1.2\n'],
    ['X11Forwarding yes becomes no (any case, comments and other values kept)',
      'x11forwarding yes\n#X11Forwarding yes\nX11Forwarding no\n', ['10.0.0.1'],
      'X11Forwarding no\n#X11Forwarding yes\nX11Forwarding no\n# tbvnode: this jail\'s addresses\nListenAddress 10.0.0.1\n'],
    ['ours go before the first Match block (after it they would belong to the block)',
      'UsePAM yes\nMatch User anoncvs\n\tX11Forwarding yes\n\tListenAddress 1.2.3.4\n', ['10.0.0.1', '10.0.0.1', '10.0.0.2'],
      'UsePAM yes\n# tbvnode: this jail\'s addresses\nListenAddress 10.0.0.1\nListenAddress 10.0.0.2\nMatch User anoncvs\n\tX11Forwarding no\n'],
    ['no address: nothing appended, listen lines still dropped',
      'ListenAddress 0.0.0.0\nPort 22\n', [],
      'Port 22\n'],
    ['an empty template', '', ['10.0.0.1'], '# tbvnode: this jail\'s addresses\nListenAddress 10.0.0.1\n'],
    ['a keyword that only starts like ListenAddress is kept', 'ListenAddressFamily inet\n', [], 'ListenAddressFamily inet\n'],
  ] as const)('%s', (_why, template, ips, want) => {
    expect(jailSshdConfig(template, ips)).toBe(want);
  });
});

describe('jailSshdListen (which of the jail\'s addresses sshd is told to listen on)', () => {
  it.each([
    ['alias mode with JAILIP: that address', 'alias', '172.17.3.1', ['172.17.3.1']],
    ['alias mode without JAILIP (ip4=disable): none', 'alias', null, []],
    ['vnet (JAILIP refused): none, the wildcard of its own stack, where its epair addresses land after sshd started', 'vnet', null, []],
    ['vnet, even given an address: none (no interface of its stack carries a control address)', 'vnet', '172.17.3.1', []],
  ] as const)('%s', (_why, mode, ip, want) => {
    expect(jailSshdListen(mode, ip)).toEqual(want);
  });
});
