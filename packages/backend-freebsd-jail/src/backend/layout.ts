// Where this backend keeps things for one vnode (beyond core's VnodePaths), and
// the proxy socket path check. Pure.
import path from 'node:path';
import type { HostPaths, VnodePaths } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { INJAIL_PIDFILE_INSIDE, PROXY_INSIDE } from '../plan/jail-plan.js';

export interface JailLayout {
  /** The disk image (mkjail's name). */
  readonly image: string;
  /**
   * jail(8)'s and injail's output: core's console log (<configDir>/logs/console.log), which the
   * manager keeps in the host's logs dir before a kill's undo removes the config dir.
   */
  readonly consoleLog: string;
  /** <configDir>/logs/jail: what the jail sees as /local/logs (not logs/ itself: the jail must not reach the console log). */
  readonly jailLogs: string;
  readonly injailPidOnHost: string;
  readonly proxyOnHost: string;
  /** <root>/local/logs: jailLogs, read-write (mkjail's /local/logs). */
  readonly logsInJail: string;
}

export function jailLayout(p: VnodePaths): JailLayout {
  // beneath-ok: names only; the steps check each before use (writes, mounts: steps/in-root.ts; the socket: core).
  const inRoot = (inside: string): string => path.join(p.rootDir, inside);
  return {
    image: path.join(p.configDir, 'root.vnode'),
    consoleLog: p.consoleLog,
    jailLogs: path.join(p.logsDir, 'jail'),
    injailPidOnHost: inRoot(INJAIL_PIDFILE_INSIDE),
    proxyOnHost: inRoot(PROXY_INSIDE),
    logsInJail: inRoot('local/logs'),
  };
}

/** The jails' /etc template, built once per host boot by prepareHost (steps/etc-template.ts). */
export function etcTemplateOf(host: HostPaths): string {
  return path.join(host.hostStateDir, 'freebsd-etc');
}

/** FreeBSD's sockaddr_un.sun_path is 104 bytes including the terminating NUL. */
export const SUN_PATH_MAX = 104;

export function checkSocketPath(p: string, limit = SUN_PATH_MAX): string {
  const bytes = Buffer.byteLength(p);
  if (bytes >= limit) {
    throw new FreebsdJailError(
      'FBSD_SOCKET_PATH_TOO_LONG',
      `the tmcc proxy socket ${p} is ${bytes} bytes; FreeBSD allows ${limit - 1} (sun_path): use a shorter --root`,
    );
  }
  return p;
}

/** Emulab names a vnode <nickname>.<eid>.<pid>.<domain>: the project is the third label. */
export function projectOf(hostname: string | undefined): string | null {
  const label = hostname?.split('.')[2];
  return label && /^[-\w]+$/.test(label) ? label : null;
}
