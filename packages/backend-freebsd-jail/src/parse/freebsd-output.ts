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

/** `mdconfig -l -v`: "md0\tvnode\t 512M\t/var/emulab/jails/x/root.vnode" per line. */
export function parseMdList(stdout: string): MdListEntry[] {
  const out: MdListEntry[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^md(\d+)\s+(\S+)\s+\S+(?:\s+(.*\S))?\s*$/.exec(line);
    if (m) out.push({ unit: Number(m[1]), type: m[2] as string, file: m[3] ?? '' });
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
