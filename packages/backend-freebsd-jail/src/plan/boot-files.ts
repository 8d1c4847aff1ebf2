// Pure: the files tbvnode writes into the jail's root at each boot.
import type { JailSettings } from '../capability/types.js';

/** The jail's own rc.conf (mkjail copied a jail template; the host's settings do not apply inside). */
export function jailRcConf(o: { hostname: string; settings: JailSettings }): string {
  return [
    '# Written by tbvnode at each boot of this jail; edits are lost.',
    `hostname="${o.hostname}"`,
    'sendmail_enable="NONE"',
    'syslogd_flags="-ss"',
    'sshd_enable="YES"',
    ...(o.settings.sshdPort === null ? [] : [`sshd_flags="-p ${o.settings.sshdPort}"`]),
    '',
  ].join('\n');
}

/**
 * The host's resolv.conf, comments dropped; in a jail 127.0.0.1 is the jail
 * itself, so a host resolver there is replaced by resolverIp (or dropped).
 */
export function jailResolvConf(hostText: string, resolverIp: string | undefined): string {
  const out: string[] = [];
  for (const raw of hostText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^nameserver\s+127\.0\.0\.1\s*$/.exec(line);
    if (m) {
      if (resolverIp) out.push(`nameserver ${resolverIp}`);
      continue;
    }
    out.push(line);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** var/emulab/boot files, relative to the jail root. */
export function bootDirFiles(o: { id: string; settings: JailSettings; proxyInside: string }): Record<string, string> {
  const s = o.settings;
  return {
    'var/emulab/boot/nodeid': `${o.id}\n`,
    ...(s.ip === null ? {} : { 'var/emulab/boot/myip': `${s.ip}\n` }),
    'var/emulab/boot/proxypath': `${o.proxyInside}\n`,
    ...(s.eventServer === null ? {} : { 'var/emulab/boot/eventserver': `${s.eventServer}\n` }),
  };
}

/** The jail's readiness file, relative to its root (Emulab's vrunning). */
export const VRUNNING_INSIDE = 'var/emulab/boot/vrunning';

/**
 * The jail's /etc/rc.local (mkjail installed Emulab's): Emulab's rc.injail reports ISUP to boss
 * through the tmcc proxy; then the readiness file the host waits for. Without Emulab's client
 * side in the image, set isupFromJail=false and the manager reports ISUP.
 */
export const JAIL_RC_LOCAL = [
  '#!/bin/sh',
  '# Written by tbvnode at each boot of this jail; edits are lost.',
  'if [ -r /etc/emulab/paths.sh ]; then . /etc/emulab/paths.sh; fi',
  'if [ -x "${BINDIR:-/usr/local/etc/emulab}/rc/rc.injail" ] && [ ! -e "${ETCDIR:-/etc/emulab}/nojail" ]; then',
  '	"${BINDIR:-/usr/local/etc/emulab}/rc/rc.injail"',
  'fi',
  `touch /${VRUNNING_INSIDE}`,
  '',
].join('\n');
