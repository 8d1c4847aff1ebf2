// tmcd's command table, in tmcd's order: the order matters because commands
// are matched by prefix (readycount must be tried before ready).

export type FullconfigScope = 'none' | 'phys' | 'virt' | 'all';

export interface CommandEntry {
  readonly name: string;
  // Which kind of node gets this section in `fullconfig`.
  readonly fullconfig: FullconfigScope;
  // tmcd never puts TPM-only commands into fullconfig.
  readonly requiresTpm?: boolean;
}

const c = (name: string, fullconfig: FullconfigScope, requiresTpm = false): CommandEntry =>
  requiresTpm ? { name, fullconfig, requiresTpm } : { name, fullconfig };

export const COMMAND_TABLE: readonly CommandEntry[] = [
  c('reboot', 'none'), c('nodeid', 'all'), c('manifest', 'all'), c('status', 'none'),
  c('ifconfig', 'all'), c('accounts', 'all'), c('delay', 'all'), c('bridges', 'all'),
  c('linkdelay', 'all'), c('hostnames', 'none'), c('rpms', 'all'), c('deltas', 'none'),
  c('tarballs', 'all'), c('blobs', 'all'), c('startupcmd', 'all'), c('startstatus', 'none'),
  c('startstat', 'none'), c('readycount', 'none'), c('ready', 'none'), c('mounts', 'all'),
  c('sfshostid', 'none'), c('loadinfo', 'none'), c('reset', 'none'), c('routing', 'all'),
  c('trafgens', 'all'), c('nseconfigs', 'all'), c('creator', 'all'), c('state', 'none'),
  c('tunnels', 'all'), c('vnodelist', 'phys'), c('subnodelist', 'phys'), c('isalive', 'none'),
  c('ipodinfo', 'phys'), c('ntpinfo', 'phys'), c('ntpdrift', 'none'), c('jailconfig', 'virt'),
  c('plabconfig', 'virt'), c('subconfig', 'none'), c('sdparams', 'phys'), c('programs', 'all'),
  c('syncserver', 'all'), c('keyhash', 'all'), c('eventkey', 'all'), c('fullconfig', 'none'),
  c('routelist', 'phys'), c('role', 'phys'), c('rusage', 'none'), c('watchdoginfo', 'all'),
  c('hostkeys', 'none'), c('tmcctest', 'none'), c('firewallinfo', 'all'), c('hostinfo', 'none'),
  c('emulabconfig', 'none'), c('eplabconfig', 'none'), c('localization', 'phys'),
  c('rootpswd', 'none'), c('booterrno', 'none'), c('bootlog', 'none'), c('battery', 'none'),
  c('topomap', 'none'), c('userenv', 'all'), c('tiptunnels', 'all'), c('traceinfo', 'all'),
  c('ltmap', 'none'), c('ltpmap', 'none'), c('elvindport', 'none'), c('plabeventkeys', 'none'),
  c('intfcmap', 'none'), c('motelog', 'all'), c('portregister', 'none'), c('bootwhat', 'none'),
  c('tpmblob', 'all'), c('tpmpubkey', 'all'), c('tpmdummy', 'all', true), c('dhcpdconf', 'all'),
  c('securestate', 'none'), c('quoteprep', 'none'), c('imagekey', 'none', true),
];

// tmcd compares only the first strlen(name) bytes, so `readyXYZ` is `ready`.
export function matchCommand(token: string): CommandEntry | undefined {
  return COMMAND_TABLE.find((entry) => token.startsWith(entry.name));
}

// The sections `fullconfig` emits for a node kind, in table order.
export function fullconfigSections(kind: 'phys' | 'virt'): string[] {
  return COMMAND_TABLE.filter(
    (entry) => !entry.requiresTpm && (entry.fullconfig === 'all' || entry.fullconfig === kind),
  ).map((entry) => entry.name);
}
