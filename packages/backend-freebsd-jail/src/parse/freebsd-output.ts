// Pure parsers for what FreeBSD's tools print. Each returns null (or []) on
// output it does not recognise, so callers can fail with the raw text.

/** `mdconfig -a -t vnode -f FILE` prints the new device, e.g. "md3". */
export function parseMdName(stdout: string): number | null {
  const m = /^md(\d+)\s*$/.exec(stdout.trim());
  return m ? Number(m[1]) : null;
}

export interface MdListEntry {
  readonly unit: number;
  readonly type: string;
  /** Backing file for vnode devices; '' for others. */
  readonly file: string;
}

/**
 * `mdconfig -l -v`, tab-separated (sbin/mdconfig/mdconfig.c md_list): name, type, size, file
 * ("-" for none), then on current releases label ("-" when unset) and options. A file name
 * may contain spaces, never tabs here (ours never do).
 */
export function parseMdList(stdout: string): MdListEntry[] {
  const out: MdListEntry[] = [];
  for (const line of stdout.split('\n')) {
    const cols = line.split('\t');
    const m = /^md(\d+)$/.exec(cols[0] ?? '');
    if (!m || cols.length < 3) continue;
    const file = (cols[3] ?? '').trim();
    out.push({ unit: Number(m[1]), type: (cols[1] ?? '').trim(), file: file === '-' ? '' : file });
  }
  return out;
}

/** `sysctl -N security.jail.param`: one OID per line; jail(8) parameter names without the prefix. */
export function parseJailParams(stdout: string): string[] {
  const prefix = 'security.jail.param.';
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).replace(/\.$/, ''))
    .filter((l) => l !== '');
}

/** `sysctl -n net.fibs`. */
export function parseFibs(stdout: string): number | null {
  const t = stdout.trim();
  return /^\d+$/.test(t) && Number(t) >= 1 ? Number(t) : null;
}

/** `which a b c` prints the path of each command it found, one per line. */
export function parseWhich(stdout: string): Set<string> {
  return new Set(stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('/')).map((l) => l.slice(l.lastIndexOf('/') + 1)));
}

/** `jls -j NAME jid`: the jail's numeric id. */
export function parseJid(stdout: string): number | null {
  const t = stdout.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** `ifconfig IFACE inet`: the IPv4 addresses on the interface ("\tinet A.B.C.D netmask ..." lines, sbin/ifconfig/af_inet.c). */
export function parseInetAddrs(stdout: string): string[] {
  return [...stdout.matchAll(/^\s*inet (\d+\.\d+\.\d+\.\d+)\b/gm)].map((m) => m[1] as string);
}
