// Pure: what a jail's /etc is made of. An allow-list of the host's /etc (what
// the base system nullfs-mounted from the host needs to boot a jail: rc and its
// scripts, login classes, name service files, PAM, time zone, ssh's and
// Emulab's non-secret config), and files written fresh for a jail (accounts
// without the host's hashes, an empty fstab, mkjail's small crontab). Nothing
// else of the host's /etc reaches a jail; the secret names below are refused
// even inside an allowed directory, and doctor and create check the built
// template against the same rules.

/**
 * Paths relative to /etc copied when present: a directory is copied whole (less
 * secrets and anything not world-readable). Follows what mkjail.pl's jails had
 * from the host (it copied all of /etc, then cleaned) and what rc(8) reads in a
 * jail on FreeBSD 13/14 (libexec/rc: rc, rc.subr, rc.d/, defaults/rc.conf).
 */
export const ETC_ALLOW: readonly string[] = [
  // rc(8) and its helpers (libexec/rc in freebsd-src installs these into /etc).
  'rc', 'rc.subr', 'rc.shutdown', 'network.subr', 'rc.d', 'defaults', 'periodic', 'mtree',
  // Login, shells, name service (lib/libc/net/nsdispatch.c reads nsswitch.conf).
  'login.conf', 'login.conf.db', 'login.access', 'shells', 'profile', 'csh.cshrc', 'csh.login', 'csh.logout',
  'nsswitch.conf', 'host.conf', 'hosts', 'hosts.allow', 'services', 'protocols', 'networks', 'netconfig', 'rpc',
  'pam.d', 'localtime', 'termcap.small', 'ttys', 'libmap.conf', 'mail.rc', 'motd.template',
  'syslog.conf', 'syslog.d', 'newsyslog.conf', 'newsyslog.conf.d',
  // TLS trust store only (ssl/private, host certificates' keys: never).
  'ssl/openssl.cnf', 'ssl/certs', 'ssl/untrusted', 'ssl/cert.pem',
  // sshd's and ssh's config (host keys: never; rc.d/sshd makes the jail its own).
  'ssh/sshd_config', 'ssh/ssh_config', 'ssh/moduli',
  // What Emulab's rc.injail and libsetup read in a jail (paths, node kind), no key or certificate.
  'emulab/paths.sh', 'emulab/paths.pm', 'emulab/bossnode', 'emulab/isrem', 'emulab/isremded', 'emulab/ismfs', 'emulab/genvmtype',
];

/** Written for the jail, never copied: the host's versions hold hashes, host mounts, host jobs. */
export const ETC_GENERATED = ['master.passwd', 'group', 'fstab', 'crontab'] as const;
/** Made by pwd_mkdb -p in the template (usr.sbin/pwd_mkdb/pwd_mkdb.c: _MP_DB, _SMP_DB, _PASSWD). */
export const ETC_PWD_DB = ['pwd.db', 'spwd.db', 'passwd'] as const;
/** Not world-readable by design (pwd_mkdb makes them 0600) and checked by content instead. */
const PRIVATE_BY_DESIGN = new Set(['master.passwd', 'spwd.db']);

/** Paths relative to /etc that never reach a jail, whatever their mode or the allow-list says. */
export const ETC_SECRET_NAMES: readonly RegExp[] = [
  // Emulab's boss credentials (mkjail.pl cleanmess), its password copy and cvsup secrets.
  /^emulab\.(pkey|cdkey)$/,
  /^emulab\/(.*\.(pem|key|crt)|.*privkey.*|master\.passwd|cvsup\.auth|\.cvsup|passdb.*)(\/|$)/,
  // Host-only rc settings (mkjail removed rc.conf.local), the host's ssh identity.
  /^rc\.conf\.local$/,
  /^ssh\/ssh_host_[^/]*$/,
  /^(ssl\/private|krb5\.keytab|ppp\/.*secrets|wpa_supplicant\.conf|opieskeys|spwd\.db\.tmp)(\/|$)/,
];

/** Is /etc/<rel> (with this st_mode) kept out of a jail? Pure. */
export function isEtcSecret(rel: string, mode: number, isDir: boolean): boolean {
  if (ETC_SECRET_NAMES.some((r) => r.test(rel))) return true;
  if (PRIVATE_BY_DESIGN.has(rel)) return false;
  // Not readable by every host user: not for a jail's root either.
  return isDir ? (mode & 0o005) !== 0o005 : (mode & 0o004) === 0;
}

/** Is `rel` (relative to /etc) inside the allow-list? Pure. */
export function isAllowed(rel: string): boolean {
  return ETC_ALLOW.some((a) => rel === a || rel.startsWith(`${a}/`));
}

// master.passwd(5): name:password:uid:gid:class:change:expire:gecos:home:shell
const SYSTEM_UID_MAX = 999;
const NOBODY_IDS = new Set([65533, 65534]);
const isSystemId = (id: number): boolean => Number.isInteger(id) && (id <= SYSTEM_UID_MAX || NOBODY_IDS.has(id));

/** A password field that holds a hash (not `*`, `*LOCKED*…`, empty or an NIS `+`/`-` entry). */
export function isHash(field: string): boolean {
  return field !== '' && !field.startsWith('*') && !field.startsWith('!');
}

/**
 * The jail's master.passwd: the host's system accounts (uid < 1000, nobody), each
 * with `*` for a password. Host users and every hash stay out (boss's accounts
 * reach the jail through rc.injail's account setup, as on a remote Emulab node).
 */
export function jailMasterPasswd(hostText: string): { text: string; users: string[] } {
  const lines: string[] = [];
  const users: string[] = [];
  for (const line of hostText.split('\n')) {
    const f = line.split(':');
    if (line.trim() === '' || line.trimStart().startsWith('#') || f.length !== 10) continue;
    const [name = ''] = f;
    if (name.startsWith('+') || name.startsWith('-') || !isSystemId(Number(f[2]))) continue;
    f[1] = '*';
    lines.push(f.join(':'));
    users.push(name);
  }
  return { text: lines.length === 0 ? '' : `${lines.join('\n')}\n`, users };
}

/** The jail's group(5): system groups, no password, members only among the jail's accounts. */
export function jailGroup(hostText: string, users: readonly string[]): string {
  const keep = new Set(users);
  const lines: string[] = [];
  for (const line of hostText.split('\n')) {
    const f = line.split(':');
    if (line.trim() === '' || line.trimStart().startsWith('#') || f.length !== 4) continue;
    if ((f[0] ?? '').startsWith('+') || !isSystemId(Number(f[2]))) continue;
    const members = (f[3] ?? '').split(',').filter((m) => keep.has(m.trim()));
    lines.push([f[0], '*', f[2], members.join(',')].join(':'));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Accounts in a master.passwd whose password field holds a hash (doctor: there must be none). */
export function hashedAccounts(text: string): string[] {
  return text.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 2 && !(f[0] ?? '').startsWith('#') && isHash(f[1] ?? '')).map((f) => f[0] ?? '');
}

/** A modular-crypt hash ($1$, $2b$, $5$, $6$, $y$, ...) anywhere in a file (spwd.db is binary). */
export function holdsCryptHash(text: string): boolean {
  return /\$(1|2[abxy]?|5|6|7|y|gy|argon2[a-z]*|sha1|md5)\$[./A-Za-z0-9$=,]{8,}/.test(text);
}

/** Emulab's jail crontab (clientside/tmcc/freebsd/jail/crontab): at jobs and log rotation, no host jobs. */
export const JAIL_CRONTAB = [
  '# Written by tbvnode for jails (Emulab\'s jail crontab); the host\'s periodic jobs stay on the host.',
  'SHELL=/bin/sh',
  'PATH=/etc:/bin:/sbin:/usr/bin:/usr/sbin',
  'HOME=/var/log',
  '*/5\t*\t*\t*\t*\troot\t/usr/libexec/atrun',
  '0\t*\t*\t*\t*\troot\tnewsyslog',
  '',
].join('\n');

/** The generated files' text and modes, from the host's master.passwd and group. Pure. */
export function generatedEtcFiles(host: { masterPasswd: string; group: string }): Array<{ rel: string; content: string; mode: number }> {
  const pw = jailMasterPasswd(host.masterPasswd);
  return [
    { rel: 'master.passwd', content: pw.text, mode: 0o600 },
    { rel: 'group', content: jailGroup(host.group, pw.users), mode: 0o644 },
    // mkjail: cp /dev/null fstab. A jail mounts nothing itself; the host's disks are the host's.
    { rel: 'fstab', content: '', mode: 0o644 },
    { rel: 'crontab', content: JAIL_CRONTAB, mode: 0o644 },
  ];
}
