import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '@tbvnode/core/testing';
import { buildEtcTemplate, isSecret } from '../../src/rootfs/etc-template.js';

describe('isSecret: what the /etc template leaves out', () => {
  it.each([
    ['shadow', 0o640, false, true],
    ['shadow-', 0o640, false, true],
    ['gshadow', 0o640, false, true],
    ['ssh/ssh_host_ed25519_key', 0o600, false, true],
    ['ssh/ssh_host_ed25519_key.pub', 0o644, false, true],
    ['emulab/client.pem', 0o644, false, true],
    ['emulab/emulab-privkey', 0o644, false, true],
    ['emulab/emulab.pem', 0o644, false, true],
    ['ssl/private', 0o755, true, true],
    ['sudoers', 0o440, false, true],
    ['some/unreadable-dir', 0o700, true, true],
    ['passwd', 0o644, false, false],
    ['group', 0o644, false, false],
    ['ssh/sshd_config', 0o644, false, false],
    ['emulab/bossnode', 0o644, false, false],
    ['alternatives', 0o755, true, false],
  ])('%s (mode %o, dir %s) -> %s', (rel, mode, isDir, secret) => {
    expect(isSecret(rel, mode, isDir)).toBe(secret);
  });
});

describe('buildEtcTemplate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'etc-template-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copies files, dirs and symlinks as they are, and leaves every secret out', async () => {
    const src = path.join(dir, 'etc');
    await mkdir(path.join(src, 'ssh'), { recursive: true });
    await mkdir(path.join(src, 'emulab'));
    await writeFile(path.join(src, 'passwd'), 'root:x:0:0::/root:/bin/sh\n', { mode: 0o644 });
    await writeFile(path.join(src, 'shadow'), 'root:$6$secret:1::::::\n', { mode: 0o640 });
    await writeFile(path.join(src, 'ssh/ssh_host_rsa_key'), 'KEY', { mode: 0o600 });
    await writeFile(path.join(src, 'ssh/sshd_config'), 'Port 22\n', { mode: 0o644 });
    await writeFile(path.join(src, 'emulab/client.pem'), 'CERT', { mode: 0o644 });
    await symlink('/usr/share/zoneinfo/UTC', path.join(src, 'localtime'));
    const dst = path.join(dir, 'template');
    const left = await buildEtcTemplate(createTestDeps().fs, src, dst);
    expect(left.sort()).toEqual(['emulab/client.pem', 'shadow', 'ssh/ssh_host_rsa_key']);
    expect((await readdir(dst)).sort()).toEqual(['emulab', 'localtime', 'passwd', 'ssh']);
    expect(await readdir(path.join(dst, 'ssh'))).toEqual(['sshd_config']);
    expect(await readFile(path.join(dst, 'passwd'), 'utf8')).toContain('root:x');
    expect((await lstat(path.join(dst, 'localtime'))).isSymbolicLink()).toBe(true);
    expect((await lstat(path.join(dst, 'passwd'))).mode & 0o777).toBe(0o644);
  });
});
