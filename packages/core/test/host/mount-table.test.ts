import { describe, expect, it } from 'vitest';
import { decodeMountEscapes, mountsAtOrBelow, parseMountP, parseMountinfo } from '../../src/host/mount-table.js';

const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '40 22 8:1 /srv/data /tmp/t/var/emulab/jails/v1/root/proj rw,nosuid shared:1 master:2 - ext4 /dev/sda1 rw',
  '41 22 0:5 / /tmp/t/var/emulab/jails/v1/root/my\\040home rw - tmpfs tmpfs rw',
  '42 22 0:6 / /tmp/t/var/emulab/jails/v10 rw - tmpfs tmpfs rw',
  'garbage line',
  '',
].join('\n');

describe('mount table parsing', () => {
  it('parses mountinfo, optional fields and escapes', () => {
    const m = parseMountinfo(MOUNTINFO);
    expect(m.map((e) => e.target)).toEqual([
      '/',
      '/tmp/t/var/emulab/jails/v1/root/proj',
      '/tmp/t/var/emulab/jails/v1/root/my home',
      '/tmp/t/var/emulab/jails/v10',
    ]);
    expect(m[1]).toMatchObject({ fstype: 'ext4', source: '/dev/sda1', options: ['rw', 'nosuid'] });
  });

  it.each([
    ['a\\040b', 'a b'],
    ['tab\\011x', 'tab\tx'],
    ['back\\134slash', 'back\\slash'],
    ['plain', 'plain'],
  ])('decodes %s', (raw, want) => {
    expect(decodeMountEscapes(raw)).toBe(want);
  });

  it('parses FreeBSD mount -p', () => {
    const m = parseMountP('/dev/ada0p2\t/\tufs\trw\t1\t1\n/bin\t/j/v1/root/bin\tnullfs\tro\t0\t0\n');
    expect(m).toEqual([
      { source: '/dev/ada0p2', target: '/', fstype: 'ufs', options: ['rw'] },
      { source: '/bin', target: '/j/v1/root/bin', fstype: 'nullfs', options: ['ro'] },
    ]);
  });

  it.each([
    ['/tmp/t/var/emulab/jails/v1', ['/tmp/t/var/emulab/jails/v1/root/my home', '/tmp/t/var/emulab/jails/v1/root/proj']],
    ['/tmp/t/var/emulab/jails/v1/', ['/tmp/t/var/emulab/jails/v1/root/my home', '/tmp/t/var/emulab/jails/v1/root/proj']],
    ['/tmp/t/var/emulab/jails/v10', ['/tmp/t/var/emulab/jails/v10']],
    ['/tmp/t/var/emulab/jails/v2', []],
  ])('mounts at or below %s, deepest first', (dir, want) => {
    expect(mountsAtOrBelow(parseMountinfo(MOUNTINFO), dir).map((e) => e.target)).toEqual(want);
  });
});
