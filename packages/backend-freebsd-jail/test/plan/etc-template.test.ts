import { describe, expect, it } from 'vitest';
import {
  ETC_ALLOW, generatedEtcFiles, hashedAccounts, holdsCryptHash, isAllowed, isEtcSecret, jailGroup, jailMasterPasswd,
} from '../../src/plan/etc-template.js';

describe('isEtcSecret', () => {
  it.each([
    // [rel, mode, isDir, secret]
    ['emulab.pkey', 0o644, false, true],
    ['emulab.cdkey', 0o644, false, true],
    ['emulab/client.pem', 0o644, false, true],
    ['emulab/emulab-privkey', 0o644, false, true],
    ['emulab/master.passwd', 0o644, false, true],
    ['emulab/cvsup.auth', 0o644, false, true],
    ['emulab/.cvsup', 0o755, true, true],
    ['rc.conf.local', 0o644, false, true],
    ['ssh/ssh_host_ed25519_key', 0o600, false, true],
    ['ssh/ssh_host_ed25519_key.pub', 0o644, false, true],
    ['ssl/private', 0o700, true, true],
    ['ssl/private/host.key', 0o644, false, true],
    ['rc.d/secret-service', 0o600, false, true],
    ['pam.d', 0o750, true, true],
    ['emulab/paths.sh', 0o644, false, false],
    ['ssh/sshd_config', 0o644, false, false],
    ['rc.d', 0o755, true, false],
    ['localtime', 0o444, false, false],
    // pwd_mkdb makes these 0600 by design; their content is checked instead.
    ['master.passwd', 0o600, false, false],
    ['spwd.db', 0o600, false, false],
  ] as const)('%s (mode %o, dir %s): secret %s', (rel, mode, isDir, secret) => {
    expect(isEtcSecret(rel, mode, isDir)).toBe(secret);
  });
});

describe('isAllowed', () => {
  it.each([
    ['rc.d/sshd', true], ['defaults/rc.conf', true], ['ssh/sshd_config', true], ['emulab/paths.pm', true],
    ['ssh/ssh_host_rsa_key', false], ['emulab/client.pem', false], ['master.passwd', false], ['spwd.db', false],
    ['rc.conf', false], ['rc.conf.local', false], ['fstab', false], ['jail.conf', false], ['rc.d.evil', false],
  ] as const)('%s: %s', (rel, allowed) => {
    expect(isAllowed(rel)).toBe(allowed);
  });

  it('allows nothing a secret name matches, and nothing the template generates', () => {
    for (const rel of ETC_ALLOW) expect(isEtcSecret(rel, 0o644, false), rel).toBe(false);
    for (const f of ['master.passwd', 'group', 'fstab', 'crontab', 'pwd.db', 'spwd.db', 'passwd']) expect(isAllowed(f), f).toBe(false);
  });
});

const HOST_PW = [
  '# $FreeBSD$',
  'root:$6$s$roothash:0:0::0:0:Charlie &:/root:/bin/csh',
  'toor:*:0:0::0:0:Bourne-again Superuser:/root:',
  'daemon:*:1:1::0:0:Owner of many system processes:/root:/usr/sbin/nologin',
  'nobody:*:65534:65534::0:0:Unprivileged user:/nonexistent:/usr/sbin/nologin',
  'alice:$2b$10$alicehashalicehash:1001:1001::0:0:Alice:/home/alice:/bin/sh',
  '+::::::::',
  'broken:line',
  '',
].join('\n');

describe('jailMasterPasswd / jailGroup', () => {
  it('keeps system accounts with * for every password; host users, NIS entries and malformed lines go', () => {
    const { text, users } = jailMasterPasswd(HOST_PW);
    expect(users).toEqual(['root', 'toor', 'daemon', 'nobody']);
    expect(text).toBe([
      'root:*:0:0::0:0:Charlie &:/root:/bin/csh',
      'toor:*:0:0::0:0:Bourne-again Superuser:/root:',
      'daemon:*:1:1::0:0:Owner of many system processes:/root:/usr/sbin/nologin',
      'nobody:*:65534:65534::0:0:Unprivileged user:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'));
    expect(hashedAccounts(text)).toEqual([]);
    expect(jailMasterPasswd('').text).toBe('');
  });

  it('keeps system groups, without a password, members only among the jail\'s accounts', () => {
    const host = 'wheel:$1$grouppw:0:root,alice\noperator:*:5:root\nnogroup:*:65533:\nalice:*:1001:\n#c\n';
    expect(jailGroup(host, ['root'])).toBe('wheel:*:0:root\noperator:*:5:root\nnogroup:*:65533:\n');
  });

  it('generated files: master.passwd 0600, the rest 0644, fstab empty', () => {
    const files = generatedEtcFiles({ masterPasswd: HOST_PW, group: 'wheel:*:0:root\n' });
    expect(files.map((f) => [f.rel, f.mode.toString(8)])).toEqual([['master.passwd', '600'], ['group', '644'], ['fstab', '644'], ['crontab', '644']]);
    expect(files.find((f) => f.rel === 'fstab')?.content).toBe('');
    expect(files.map((f) => f.content).join('')).not.toMatch(/hash/);
  });
});

describe('hashedAccounts / holdsCryptHash', () => {
  it.each([
    ['root:$6$s$h:0:0::0:0::/root:/bin/sh', ['root']],
    ['root:*:0:0::0:0::/root:/bin/sh', []],
    ['root:*LOCKED*$6$s$h:0:0::0:0::/root:/bin/sh', []],
    ['root::0:0::0:0::/root:/bin/sh', []],
    ['old:abcdefghijklm:5:5::0:0::/:/bin/sh', ['old']],
    ['# root:$6$s$h', []],
  ] as const)('%s -> %j', (line, want) => {
    expect(hashedAccounts(line)).toEqual(want);
  });

  it.each([
    ['root\0$6$rounds=5000$saltsalt$hashhashhash\0', true],
    ['alice\0$2b$10$abcdefghijklmnop\0', true],
    ['bob\0$y$j9T$abcdefghijklmnopq\0', true],
    ['root\0*\0', false],
    ['price $5 and $6 dollars', false],
  ] as const)('%j: %s', (text, want) => {
    expect(holdsCryptHash(text)).toBe(want);
  });
});
