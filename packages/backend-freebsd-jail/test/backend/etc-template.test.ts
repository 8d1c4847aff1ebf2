// A jail's /etc is made from the host's jail template (an allow-list, fresh
// accounts), never from the host's /etc: secrets planted in the fake host's
// /etc reach neither the template nor any jail; doctor and create refuse a
// template that holds one; the jail's sshd listens on the jail's address only
// (in vnet mode on no named address: its own stack's wildcard), never the host's;
// the console log (core's, kept on kill) is out of the jail's reach.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { example, vnetNet } from '../fixtures/jailconfigs.js';
import { VNODE } from '../support/lifecycle.js';
import { bringUp, createWorld, type World } from '../support/world.js';

let w: World | undefined;
afterEach(async () => {
  await w?.dispose();
  w = undefined;
});

const MARK = 'PLANTED-SECRET';
/** Secrets an Emulab FreeBSD host has in /etc and /root, some world-readable by mistake. */
const PLANTED: Record<string, string> = {
  'etc/ssh/ssh_host_rsa_key': `${MARK} ssh rsa key\n`,
  'etc/ssh/ssh_host_ecdsa_key.pub': `${MARK} ssh ecdsa public key\n`,
  'etc/emulab.pkey': `${MARK} emulab.pkey\n`,
  'etc/emulab.cdkey': `${MARK} emulab.cdkey\n`,
  'etc/emulab/client.pem': `${MARK} client.pem\n`,
  'etc/emulab/emulab-privkey': `${MARK} tmcd private key\n`,
  'etc/emulab/master.passwd': `root:$6$${MARK}$x:0:0::0:0::/root:/bin/csh\n`,
  'etc/rc.conf.local': `# ${MARK}\nifconfig_em0_alias0="inet 155.98.36.99/32"\n`,
  'etc/ssl/private/host.key': `${MARK} tls key\n`,
  'etc/pam.d/otp-seeds': `${MARK} a file in an allowed dir only root may read\n`,
  'root/.ssh/authorized_keys': `${MARK} ssh-ed25519 AAAA admin@host\n`,
};
/** The host's hashes (DEFAULT_HOST_FILES' master.passwd and spwd.db). */
const HASHES = ['hostroothash', 'alicehash'];

async function plantSecrets(x: World): Promise<void> {
  x.fake.hostFiles = { ...x.fake.hostFiles, ...PLANTED };
  await x.fake.writeHostEtc(x.hostEtc);
  await fsp.chmod(path.join(x.hostEtc, 'pam.d/otp-seeds'), 0o600);
}

/** Every regular file below dir: relative path and content. */
async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fsp.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = await fsp.readFile(path.join(e.parentPath, e.name), 'latin1');
  }
  return out;
}

function leaks(all: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [rel, text] of Object.entries(all)) {
    if (/ssh_host_|emulab\.(pkey|cdkey)|\.pem$|privkey|rc\.conf\.local|authorized_keys|ssl\/private|otp-seeds/.test(rel)) out.push(rel);
    for (const m of [MARK, ...HASHES]) if (text.includes(m)) out.push(`${rel}: ${m}`);
  }
  return out;
}

describe('the jail\'s /etc comes from the host\'s jail template', () => {
  it('secrets planted in the host\'s /etc (ssh host keys, Emulab keys, a pem, hashes, rc.conf.local, root\'s keys) reach no jail', async () => {
    w = await createWorld();
    await plantSecrets(w);
    const b = w.backend();
    await b.prepareHost(w.hostCtx, await w.openHost());
    const v = await w.vnode(VNODE, example as JailConfig);
    const running = await bringUp(b, v, await w.open(v));
    const jail = await files(v.paths.rootDir);
    expect(leaks(jail)).toEqual([]);
    // What a jail needs is there: its own accounts and their databases, rc, ssh's config, Emulab's paths.
    expect(jail['etc/master.passwd']).toMatch(/^root:\*:0:0:/);
    expect(jail['etc/master.passwd']).not.toMatch(/^alice:/m);
    expect(jail['etc/group']).toMatch(/^wheel:\*:0:root$/m);
    for (const rel of ['etc/pwd.db', 'etc/spwd.db', 'etc/passwd', 'etc/rc', 'etc/rc.d/sshd', 'etc/defaults/rc.conf', 'etc/localtime', 'etc/hosts', 'etc/emulab/paths.sh', 'etc/pam.d/sshd']) {
      expect(jail[rel], rel).toBeDefined();
    }
    expect(jail['etc/fstab']).toBe('');
    expect((await fsp.stat(path.join(v.paths.rootDir, 'etc/master.passwd'))).mode & 0o777).toBe(0o600);
    expect((await fsp.stat(path.join(v.paths.rootDir, 'root'))).mode & 0o777).toBe(0o700);
    await running.stop(5_000);
    await w.undo(v, 'kill');
    // The template itself holds none either.
    expect(leaks(await files(path.join(w.hostCtx.paths.hostStateDir, 'freebsd-etc')))).toEqual([]);
  });

  it('doctor and create refuse a template that holds a key or a hash; create changes nothing on the host', async () => {
    w = await createWorld();
    const b = w.backend();
    await b.prepareHost(w.hostCtx, await w.openHost());
    const template = path.join(w.hostCtx.paths.hostStateDir, 'freebsd-etc');
    const check = async () => (await b.probe(w!.hostCtx)).checks.find((c) => c.name === 'host secrets');
    expect(await check()).toMatchObject({ ok: true });
    // Left there by hand, or by an older tbvnode that copied the host's /etc.
    await fsp.writeFile(path.join(template, 'ssh/ssh_host_ed25519_key'), 'key\n', { mode: 0o600 });
    await fsp.appendFile(path.join(template, 'master.passwd'), 'alice:$6$salt$alicehashalicehash:1001:1001::0:0::/home/alice:/bin/sh\n');
    await fsp.symlink('/var/emulab/rc.conf.local', path.join(template, 'rc.conf.local'));
    const doctor = await b.probe(w.hostCtx);
    expect(doctor.usable).toBe(false);
    expect(doctor.checks.find((c) => c.name === 'host secrets')).toMatchObject({
      ok: false, detail: expect.stringMatching(/master\.passwd \(password hashes: alice\), rc\.conf\.local, .*ssh\/ssh_host_ed25519_key/),
    });
    const v = await w.vnode(VNODE, example as JailConfig);
    const before = w.fake.state();
    await expect(b.create(v, await w.open(v))).rejects.toMatchObject({ code: 'FBSD_REFUSED', message: expect.stringMatching(/etc template: the template holds host secrets/) });
    expect(w.fake.state()).toEqual(before);
    await w.undo(v, 'kill');
  });

  it('an unprepared host (no template): create refuses, nothing is copied from anywhere', async () => {
    w = await createWorld();
    const v = await w.vnode(VNODE, example as JailConfig);
    const before = w.fake.state();
    await expect(w.backend().create(v, await w.open(v))).rejects.toMatchObject({ code: 'FBSD_REFUSED', message: expect.stringMatching(/etc template: no \/etc template/) });
    expect(w.fake.state()).toEqual(before);
    await w.undo(v, 'kill');
  });

  it('sshd in the jail listens on the jail\'s address, not the host\'s; X11 forwarding off (mkjail\'s premunge)', async () => {
    w = await createWorld();
    const b = w.backend();
    await b.prepareHost(w.hostCtx, await w.openHost());
    const v = await w.vnode(VNODE, example as JailConfig);
    const running = await bringUp(b, v, await w.open(v));
    const conf = await fsp.readFile(path.join(v.paths.rootDir, 'etc/ssh/sshd_config'), 'utf8');
    expect(conf.split('\n').filter((l) => /ListenAddress|X11/.test(l))).toEqual(['X11Forwarding no', 'ListenAddress 172.17.3.1']);
    await running.stop(5_000);
    await w.undo(v, 'kill');
  });

  it('vnet mode: the jail\'s sshd gets no ListenAddress (its own stack\'s wildcard), never the host\'s; X11 forwarding off', async () => {
    w = await createWorld({ netMode: 'vnet' });
    const b = w.backend();
    await b.prepareHost(w.hostCtx, await w.openHost());
    const v = await w.vnode(VNODE, example as JailConfig, vnetNet);
    const running = await bringUp(b, v, await w.open(v));
    // The template's sshd_config is the host's: it names the host's own address.
    expect(w.fake.hostFiles['etc/ssh/sshd_config']).toMatch(/ListenAddress 155\.98\.36\.42/);
    const conf = await fsp.readFile(path.join(v.paths.rootDir, 'etc/ssh/sshd_config'), 'utf8');
    expect(conf.split('\n').filter((l) => /ListenAddress|X11/.test(l))).toEqual(['X11Forwarding no']);
    await running.stop(5_000);
    await w.undo(v, 'kill');
  });

  it('the console log is core\'s (<configDir>/logs/console.log) and outside what the jail sees as /local/logs', async () => {
    w = await createWorld();
    const b = w.backend();
    await b.prepareHost(w.hostCtx, await w.openHost());
    const v = await w.vnode(VNODE, example as JailConfig);
    const running = await bringUp(b, v, await w.open(v));
    // The jail's root plants a link where the console would be if /local/logs were the logs dir itself.
    const victim = path.join(w.aux, 'victim');
    await fsp.writeFile(victim, 'host file\n');
    await fsp.symlink(victim, path.join(v.paths.rootDir, 'local/logs/console.log'));
    await running.stop(5_000);
    expect(await fsp.readFile(victim, 'utf8')).toBe('host file\n');
    expect((await fsp.lstat(v.paths.consoleLog)).isFile()).toBe(true);
    expect(await fsp.readFile(v.paths.consoleLog, 'utf8')).toContain(`injail (${VNODE}): stopping every process`);
    // What the jail sees as /local/logs is <configDir>/logs/jail: the console log is not in it.
    expect(w.fake.state()['mounts']).toContain(`nullfs ${path.join(v.paths.logsDir, 'jail')} ${path.join(v.paths.rootDir, 'local/logs')}`);
    await w.undo(v, 'kill');
  });
});
