// Pure: what of the host's /etc must never reach a jail (mkjail.pl's cleanmess and its
// rc.conf.local removal, plus the host's ssh keys): boss credentials, certificates,
// Emulab's password copy, host-only rc settings.
const HOST_SECRET_FILES = [
  'etc/emulab.pkey', 'etc/emulab.cdkey', 'etc/emulab/master.passwd', 'etc/emulab/cvsup.auth', 'etc/emulab/.cvsup',
  'etc/rc.conf.local',
] as const;

/** Directories whose matching entries go too: names as glob-free predicates. */
export const HOST_SECRET_PATTERNS: ReadonlyArray<{ readonly dir: string; readonly matches: (name: string) => boolean; readonly why: string }> = [
  { dir: 'etc/emulab', matches: (n) => n.endsWith('.pem'), why: 'the host\'s tmcd certificates and keys' },
  // A jail's sshd with the host's keys could impersonate the host; rc.d/sshd makes new ones.
  { dir: 'etc/ssh', matches: (n) => n.startsWith('ssh_host_') && /_key(\.pub)?$/.test(n), why: 'the host\'s ssh identity' },
];

/** Relative paths to remove, given what the copied directories hold. Pure, table-tested. */
export function secretsIn(listing: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [...HOST_SECRET_FILES];
  for (const p of HOST_SECRET_PATTERNS) for (const n of listing[p.dir] ?? []) if (p.matches(n)) out.push(`${p.dir}/${n}`);
  return out;
}
