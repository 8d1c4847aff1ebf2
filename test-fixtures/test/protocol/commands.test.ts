import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE, fullconfigSections, matchCommand } from '../../src/protocol/commands.js';

describe('command table', () => {
  it('puts every longer command before a shorter one it starts with', () => {
    const names = COMMAND_TABLE.map((c) => c.name);
    for (const [i, a] of names.entries()) {
      for (const [j, b] of names.entries()) {
        if (a !== b && a.startsWith(b)) expect(i, `${a} must precede ${b}`).toBeLessThan(j);
      }
    }
  });

  it('matches the exact name to itself for every command', () => {
    for (const { name } of COMMAND_TABLE) expect(matchCommand(name)?.name).toBe(name);
  });

  it('lists the vnode fullconfig sections of TMCD-PROTOCOL.md §10', () => {
    expect(fullconfigSections('virt')).toEqual([
      'nodeid', 'manifest', 'ifconfig', 'accounts', 'delay', 'bridges', 'linkdelay', 'rpms', 'tarballs', 'blobs',
      'startupcmd', 'mounts', 'routing', 'trafgens', 'nseconfigs', 'creator', 'tunnels', 'jailconfig', 'plabconfig',
      'programs', 'syncserver', 'keyhash', 'eventkey', 'watchdoginfo', 'firewallinfo', 'userenv', 'tiptunnels',
      'traceinfo', 'motelog', 'tpmblob', 'tpmpubkey', 'dhcpdconf',
    ]);
  });

  it('gives the host vnodelist but no jailconfig in its fullconfig', () => {
    const phys = fullconfigSections('phys');
    expect(phys).toContain('vnodelist');
    expect(phys).not.toContain('jailconfig');
    expect(phys).not.toContain('tpmdummy');
  });
});
