// tmcd's line formats (version >= 27) for the sections built from structured
// fixture data; each follows the named do* function in Emulab's tmcd/tmcd.c.
// Pure. Order and spacing matter: Emulab's client Perl matches these with
// anchored regexes (rc.accounts, libsetup.pm getifconfig).
import type { Accounts, HostnameEntry, InterfaceFields, InterfaceSetting, JailConfigValue, Mounts } from '../experiment/types.js';

const lines = (list: string[]): string => list.map((l) => `${l}\n`).join('');

// dojailconfig: strings quoted ("%s,%s", "%d,%d", "event-server.%s"), numbers bare.
export function renderJailconfig(config: Record<string, JailConfigValue>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    for (const v of Array.isArray(value) ? value : [value]) out.push(`${key}=${typeof v === 'number' ? String(v) : `"${v}"`}`);
  }
  return lines(out);
}

/** A physical interface line carries MAC=; a virtual one (veth, vlan, alias, loop) VMAC=. */
export const isPhysical = (f: InterfaceFields): boolean => 'MAC' in f;

// doifconfig, in its order: physical interfaces with an address; then the
// interface_settings rows, joined to the `interfaces` table, so only a physical
// interface of this node (vnode) has any; then, for a physical node only, its
// address-less physical interfaces under virtual ones; then the virtual interfaces.
export function renderIfconfig(ifaces: InterfaceFields[], settings: InterfaceSetting[] = []): string {
  const line = (f: InterfaceFields): string => ['INTERFACE', ...Object.entries(f).map(([k, v]) => `${k}=${v}`)].join(' ');
  const phys = ifaces.filter(isPhysical);
  const withIp = phys.filter((f) => f['INET'] !== '');
  const carriers = phys.filter((f) => f['INET'] === '');
  const macs = new Set(phys.map((f) => String(f['MAC'])));
  const out = withIp.map(line);
  for (const s of settings) {
    if (macs.has(s.mac)) out.push(`INTERFACE_SETTING MAC=${s.mac} KEY='${s.key}' VAL='${s.val}'`);
  }
  out.push(...carriers.map(line), ...ifaces.filter((f) => !isPhysical(f)).map(line));
  return lines(out);
}

// dohosts: "NAME=%s-%s IP=%s ALIASES='%s-%i %s'"; the second alias is the bare
// vname or, when the host gets none, a single space (so the quotes hold two spaces).
export function renderHostnames(hosts: HostnameEntry[]): string {
  return lines(hosts.map((h) => `NAME=${h.name} IP=${h.ip} ALIASES='${h.aliases[0] ?? ''} ${h.aliases[1] ?? ' '}'`));
}

// doaccounts: ADDGROUP lines, then per user its ADDUSER line directly followed by
// that user's PUBKEY lines. SERIAL is UNIX_TIMESTAMP(usr_modified), digits only
// (rc.accounts matches SERIAL=(\d+) and drops the line otherwise).
export function renderAccounts(acc: Accounts): string {
  const out = acc.groups.map((g) => `ADDGROUP NAME=${g.name} GID=${g.gid}`);
  for (const u of acc.users) {
    out.push(
      `ADDUSER LOGIN=${u.login} PSWD=${u.pswd} UID=${u.uid} GID=${u.gid} ROOT=${u.root ? 1 : 0} ` +
        `NAME="${u.name}" HOMEDIR=${u.homedir} GLIST="${u.glist.join(',')}" SERIAL=${u.serial} ` +
        `EMAIL="${u.email}" SHELL=${u.shell}`,
    );
    for (const k of acc.pubkeys.filter((p) => p.login === u.login)) out.push(`PUBKEY LOGIN=${k.login} KEY="${k.key}"`);
  }
  return lines(out);
}

// domounts (vers >= 32): FSTYPE first, then "REMOTE=%s LOCAL=%s" per mount.
export function renderMounts(m: Mounts): string {
  return lines([`FSTYPE=${m.fstype}`, ...m.mounts.map((x) => `REMOTE=${x.remote} LOCAL=${x.local}`)]);
}
