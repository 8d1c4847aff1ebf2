import { describe, expect, it } from 'vitest';
import { mapHasElements, nftMissing, portFilterScript, portUnfilterScript, tableScript } from '../../src/net/nft.js';
import { aliasOf } from '../../src/steps/lan-port.js';

describe('nft scripts', () => {
  it('filters a port to its MAC and addresses, ARP and IPv4 only', () => {
    expect(portFilterScript([{ port: 'pnet5', mac: '02:00:ac:10:00:05', ips: ['172.16.0.5'] }])).toBe([
      'add chain bridge tbvnode port-pnet5',
      'flush chain bridge tbvnode port-pnet5',
      'add rule bridge tbvnode port-pnet5 ether saddr != 02:00:ac:10:00:05 drop',
      'add rule bridge tbvnode port-pnet5 arp hlen != 6 drop',
      'add rule bridge tbvnode port-pnet5 arp plen != 4 drop',
      'add rule bridge tbvnode port-pnet5 arp saddr ether != 02:00:ac:10:00:05 drop',
      'add rule bridge tbvnode port-pnet5 arp saddr ip != { 172.16.0.5, 0.0.0.0 } drop',
      'add rule bridge tbvnode port-pnet5 ip saddr != { 172.16.0.5 } drop',
      'add rule bridge tbvnode port-pnet5 ether type != { arp, ip } drop',
      'add element bridge tbvnode ports { "pnet5" : jump port-pnet5 }',
      '',
    ].join('\n'));
  });
  it('undoes idempotently: add, then delete, element before chain', () => {
    expect(portUnfilterScript(['pe5.0']).split('\n')).toEqual([
      'add chain bridge tbvnode port-pe5.0',
      'add element bridge tbvnode ports { "pe5.0" : jump port-pe5.0 }',
      'delete element bridge tbvnode ports { "pe5.0" }',
      'delete chain bridge tbvnode port-pe5.0',
      '',
    ]);
  });
  it('creates the table with create (fails if present: then it is not ours)', () => expect(tableScript()).toMatch(/^create table bridge tbvnode\n/));
  it.each([
    ['a port name nft would parse', { port: 'p"; flush ruleset', mac: '02:00:00:00:00:01', ips: ['10.0.0.1'] }, /bad port/],
    ['a short MAC', { port: 'pnet1', mac: '02:00:00:00:00', ips: ['10.0.0.1'] }, /bad MAC/],
    ['no address', { port: 'pnet1', mac: '02:00:00:00:00:01', ips: [] }, /bad addresses/],
    ['a non-IPv4 address', { port: 'pnet1', mac: '02:00:00:00:00:01', ips: ['10.0.0.1 } accept'] }, /bad addresses/],
  ])('refuses %s', (_w, f, msg) => expect(() => portFilterScript([f])).toThrow(msg));
  it.each([
    ['map ports {\n\t\ttype ifname : verdict\n\t\telements = { "pnet5" : jump port-pnet5 }\n', true],
    ['map ports {\n\t\ttype ifname : verdict\n\t}\n', false],
  ])('mapHasElements', (listing, want) => expect(mapHasElements(listing)).toBe(want));
  it('tells a missing table from other failures', () => {
    expect(nftMissing('Error: Could not process rule: No such file or directory')).toBe(true);
    expect(nftMissing('Error: Could not process rule: Operation not supported')).toBe(false);
  });
});

describe('aliasOf', () => {
  it.each([
    ['5: tbl0123: <BROADCAST> mtu 1500 ...\\    link/ether 16:af:89:17:09:b0 brd ff:ff:ff:ff:ff:ff\\    alias tbvnode lan vtag/veth/101\n', 'tbvnode lan vtag/veth/101'],
    ['5: tbl0123: <BROADCAST> mtu 1500 ...\\    link/ether 16:af:89:17:09:b0 brd ff:ff:ff:ff:ff:ff\n', null],
  ])('reads the ifalias of %#', (line, want) => expect(aliasOf(line)).toBe(want));
});
