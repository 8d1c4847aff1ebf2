// The state a fake FreeBSD host models: md devices and their images, the mount
// table, interface addresses, FIB routes, devfs rulesets, jails and the
// processes behind them. Pure data plus small queries; commands live in fake-*.ts.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ProcessExit } from '@tbvnode/core';

export interface Reply {
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export const ok = (stdout = ''): Reply => ({ exitCode: 0, stdout });
export const fail = (stderr: string, exitCode = 1, stdout = ''): Reply => ({ exitCode, stderr: `${stderr}\n`, stdout });

export interface FakeMount {
  readonly id: number;
  readonly source: string;
  readonly target: string;
  readonly fstype: string;
  readonly options: readonly string[];
  /** devfs: the mount's current ruleset (`devfs -m … ruleset N`), for devices created later; 0 when unset. */
  ruleset?: number;
  /** devfs: the ruleset last applied with `applyset`, and the device serial it was applied at. */
  applied?: number;
  appliedAt?: number;
}

export interface FakeDisk {
  formatted: boolean;
  /** Damage `fsck -p` refuses to repair (a test sets it). */
  damaged?: boolean;
  /** Where the image's files live while it is not mounted. */
  readonly store: string;
}

export interface FakeJail {
  readonly jid: number;
  readonly name: string;
  readonly path: string;
  readonly hostname: string;
  readonly ips: readonly string[];
  readonly fib: number;
  readonly params: readonly string[];
  readonly jailProc: number;
  readonly injailPid: number;
  /** The environment its command got: jail(8) passes its own unless exec.clean (usr.sbin/jail/command.c). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Made with `vnet`: its own network stack (sys/net/vnet.c), holding the interfaces moved into it. */
  readonly vnet: boolean;
  /** The vnet's interfaces and their addresses (empty for a jail without vnet). */
  readonly ifaces: Map<string, string[]>;
}

/** A process jexec started in a jail: what it ran and the environment it got. */
export interface JailExec {
  readonly jail: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface FakeProc {
  readonly pid: number;
  readonly argv: readonly string[];
  alive: boolean;
  readonly exited: Promise<ProcessExit>;
  exit(e: ProcessExit): void;
  /** What the process does with a signal (default: dies of it). */
  onSignal?: (sig: NodeJS.Signals) => void;
}

/**
 * The fake host's files (relative to /): a FreeBSD 14 /etc as an Emulab node has it, with the
 * secrets no jail may see, and root's home. `writeHostEtc` lays the etc/ part out as a directory
 * (the backend's hostEtc) with the modes in DEFAULT_HOST_MODES.
 */
export const DEFAULT_HOST_FILES: Readonly<Record<string, string>> = {
  // master.passwd(5); root and a host user with sha512-crypt hashes (crypt(3) "$6$").
  'etc/master.passwd': [
    'root:$6$hostsalt$hostroothashhostroothashhostroothash:0:0::0:0:Charlie &:/root:/bin/csh',
    'toor:*:0:0::0:0:Bourne-again Superuser:/root:',
    'daemon:*:1:1::0:0:Owner of many system processes:/root:/usr/sbin/nologin',
    'operator:*:2:5::0:0:System &:/:/usr/sbin/nologin',
    'sshd:*:22:22::0:0:Secure Shell Daemon:/var/empty:/usr/sbin/nologin',
    'nobody:*:65534:65534::0:0:Unprivileged user:/nonexistent:/usr/sbin/nologin',
    'alice:$6$alicesalt$alicehashalicehashalicehashalice:1001:1001::0:0:Alice:/home/alice:/bin/sh',
    '',
  ].join('\n'),
  'etc/group': 'wheel:*:0:root,alice\noperator:*:5:root\nsshd:*:22:\nnogroup:*:65533:\nnobody:*:65534:\nalice:*:1001:\n',
  // pwd_mkdb's databases on the host (spwd.db holds the hashes).
  'etc/spwd.db': 'root\0$6$hostsalt$hostroothashhostroothashhostroothash\0',
  'etc/pwd.db': 'root\0*\0',
  'etc/rc.conf': 'hostname="pc42.emulab.net"\nifconfig_em0="DHCP"\nsshd_enable="YES"\n',
  'etc/fstab': '/dev/ada0p2\t/\tufs\trw\t1\t1\n',
  'etc/crontab': '1\t3\t*\t*\t*\troot\tperiodic daily\n',
  'etc/resolv.conf': 'search emulab.net\nnameserver 127.0.0.1\n',
  'etc/hosts': '::1\tlocalhost\n127.0.0.1\tlocalhost\n155.98.36.42\tpc42.emulab.net pc42\n',
  'etc/localtime': 'TZif2 America/Denver\n',
  'etc/rc': '#!/bin/sh\n# rc(8)\n',
  'etc/rc.subr': '# rc.subr(8)\n',
  'etc/rc.d/sshd': '#!/bin/sh\n# PROVIDE: sshd\n',
  'etc/defaults/rc.conf': 'sshd_enable="NO"\n',
  'etc/login.conf': 'default:\\\n\t:path=/sbin /bin /usr/sbin /usr/bin:\n',
  'etc/services': 'ssh\t22/tcp\n',
  'etc/pam.d/sshd': 'auth\trequired\tpam_unix.so\n',
  'etc/mtree/BSD.var.dist': '# fake mtree spec\n',
  'etc/ssh/sshd_config': 'PermitRootLogin no\nX11Forwarding yes\nListenAddress 155.98.36.42\n',
  'etc/ssh/ssh_config': '# ssh_config\n',
  'etc/emulab/paths.sh': 'ETCDIR=/etc/emulab\n',
  'etc/emulab/paths.pm': 'package emulabpaths;\n',
  // An Emulab host's secrets (mkjail.pl's cleanmess and its rc.conf.local removal), the host's ssh identity.
  'etc/emulab.pkey': 'host private key\n',
  'etc/emulab.cdkey': 'host cd key\n',
  'etc/emulab/client.pem': 'host certificate and key\n',
  'etc/emulab/emulab.pem': 'boss certificate\n',
  'etc/emulab/master.passwd': 'root:$6$hostsalt$hostroothashhostroothashhostroothash:0:0::0:0:Charlie &:/root:/bin/csh\n',
  'etc/rc.conf.local': 'ifconfig_em0_alias0="inet 155.98.36.99/32"\n',
  'etc/ssh/ssh_host_ed25519_key': 'host ssh private key\n',
  'etc/ssh/ssh_host_ed25519_key.pub': 'host ssh public key\n',
  'root/.profile': 'PATH=/sbin:/bin:/usr/sbin:/usr/bin\n',
  'root/.ssh/authorized_keys': 'ssh-ed25519 AAAA admin@host\n',
};

/**
 * Modes of the host files that are not 0644 on FreeBSD: etc/Makefile installs master.passwd 0600,
 * pwd_mkdb makes spwd.db 0600 (usr.sbin/pwd_mkdb/pwd_mkdb.c PERM_SECURE), ssh-keygen writes a
 * private key 0600. Emulab's keys are world-readable here on purpose: refused by name.
 */
export const DEFAULT_HOST_MODES: Readonly<Record<string, number>> = {
  'etc/master.passwd': 0o600,
  'etc/spwd.db': 0o600,
  'etc/ssh/ssh_host_ed25519_key': 0o600,
  'etc/emulab/master.passwd': 0o600,
};

export const DEFAULT_JAIL_PARAMS: readonly string[] = [
  'allow', 'allow.set_hostname', 'allow.raw_sockets', 'allow.sysvipc', 'allow.mount', 'allow.mount.devfs',
  'children.max', 'devfs_ruleset', 'enforce_statfs', 'host', 'host.hostname', 'ip4', 'ip4.addr', 'ip4.saddrsel',
  'jid', 'name', 'path', 'persist', 'securelevel', 'sysvmsg', 'sysvsem', 'sysvshm', 'vnet',
];

/**
 * A mount point is busy while something is mounted below it or a live jail uses it. A dying
 * jail has no processes, but the prison still holds its root vnode (kern_jail.c pr_root): the
 * file system holding the jail's path stays busy, the mounts below it do not.
 */
export function isBusy(target: string, mounts: readonly FakeMount[], jails: Iterable<FakeJail>, dying: Iterable<FakeJail> = []): boolean {
  const below = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`);
  if (mounts.some((m) => m.target !== target && below(m.target, target))) return true;
  for (const j of jails) if (below(j.path, target) || below(target, j.path)) return true;
  for (const j of dying) {
    const holder = mounts.filter((m) => below(j.path, m.target)).map((m) => m.target).sort((a, b) => b.length - a.length)[0];
    if (holder === target) return true;
  }
  return false;
}

/** "512m" -> bytes (truncate(1) suffixes). */
export function parseSize(s: string): number | null {
  const m = /^(\d+)([kmgt]?)$/i.exec(s);
  if (!m) return null;
  const pow = { '': 0, k: 1, m: 2, g: 3, t: 4 }[(m[2] ?? '').toLowerCase()] ?? 0;
  return Number(m[1]) * 1024 ** pow;
}

/**
 * Where a path lands once the kernel follows its links (namei FOLLOW); a missing path as written.
 * mount(2) looks its target up so (sys/kern/vfs_mount.c vfs_domount), umount(8) statfs(2)s a name not in
 * the mount list (sbin/umount/umount.c checkname), devfs(8) open(2)s its -m mount point (sbin/devfs/devfs.c).
 */
export function followed(p: string): string {
  return existsSync(p) ? realpathSync(p) : path.resolve(p);
}
