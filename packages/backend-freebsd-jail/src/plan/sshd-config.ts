// Pure: the jail's sshd_config, from the template's (the host's, without keys)
// and the jail's addresses, as mkjail.pl premunged it: X11Forwarding off, the
// host's ListenAddress lines dropped, one ListenAddress per jail address. The
// port stays rc.conf's `sshd_flags="-p N"` (SSHDPORT), as before.
import type { NetMode } from '../backend/options.js';

const LISTEN = /^\s*ListenAddress\b/i;
// sshd_config(5): keywords are case-insensitive; the first value obtained wins.
const X11 = /^(\s*)X11Forwarding(\s+)yes\b/i;
const MATCH = /^\s*Match\b/i;

export function jailSshdConfig(template: string, ips: readonly string[]): string {
  const lines = template.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let firstMatch = -1;
  for (const line of lines) {
    if (LISTEN.test(line)) continue;
    if (firstMatch === -1 && MATCH.test(line)) firstMatch = out.length;
    out.push(line.replace(X11, '$1X11Forwarding$2no'));
  }
  // Global keywords after a Match block would belong to it: ours go before the first one.
  const ours = [...new Set(ips)].map((ip) => `ListenAddress ${ip}`);
  if (ours.length > 0) ours.unshift('# tbvnode: this jail\'s addresses');
  const at = firstMatch === -1 ? out.length : firstMatch;
  out.splice(at, 0, ...ours);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * Which addresses the jail's sshd is told to listen on. Alias mode: the jail's
 * control address (JAILIP) when it has one; IPADDRS are on no interface there.
 * vnet: none, so sshd binds the wildcard of the jail's own stack (its epairs
 * and lo0, never a host address): the epair addresses are set from the host
 * after the jail's rc started sshd, so a ListenAddress for one would not bind.
 * The host's lines are dropped either way (jailSshdConfig).
 */
export function jailSshdListen(netMode: NetMode, ip: string | null): string[] {
  return netMode === 'alias' && ip !== null ? [ip] : [];
}
