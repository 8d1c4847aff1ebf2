// Reading the kernel's mount table, so teardown decides from facts (what is
// mounted now), not from what the journal believes. Parsers are pure; the
// readers are tiny per-OS adapters.
import type { CommandRunner } from '../runner/types.js';
import type { CoreFs, MountEntry, MountTable } from '../deps.js';

// mountinfo and fstab escape space, tab, newline and backslash as \ooo octal.
export function decodeMountEscapes(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Linux /proc/self/mountinfo (proc(5)); malformed lines are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (fields.length < 10 || sep < 0 || fields[4] === undefined) continue;
    out.push({
      target: decodeMountEscapes(fields[4]),
      source: decodeMountEscapes(fields[sep + 2] ?? ''),
      fstype: fields[sep + 1] ?? '',
      options: (fields[5] ?? '').split(','),
    });
  }
  return out;
}

/** FreeBSD `mount -p` (fstab format: source target fstype options dump pass). */
export function parseMountP(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length < 4 || fields[0] === '' || fields[0]?.startsWith('#')) continue;
    const [source = '', target = '', fstype = '', options = ''] = fields;
    out.push({
      target: decodeMountEscapes(target),
      source: decodeMountEscapes(source),
      fstype,
      options: options.split(','),
    });
  }
  return out;
}

export function linuxMountTable(fs: Pick<CoreFs, 'readFile'>, file = '/proc/self/mountinfo'): MountTable {
  return { read: async () => parseMountinfo(await fs.readFile(file, 'utf8')) };
}

export function freebsdMountTable(runner: CommandRunner): MountTable {
  return { read: async () => parseMountP((await runner.run(['mount', '-p'])).stdout) };
}

/** Mount points at `dir` or below it, deepest first (the order to unmount in). Pure. */
export function mountsAtOrBelow(entries: readonly MountEntry[], dir: string): MountEntry[] {
  const base = dir.endsWith('/') && dir !== '/' ? dir.slice(0, -1) : dir;
  const prefix = base === '/' ? '/' : `${base}/`;
  return entries
    .filter((m) => m.target === base || m.target.startsWith(prefix))
    .sort((a, b) => b.target.length - a.target.length);
}
