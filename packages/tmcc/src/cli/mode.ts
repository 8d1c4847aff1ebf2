// Which of Emulab's two programs this run plays. Emulab installs the Perl front end
// as `tmcc` (config cache, proxypath) and the C client as `$BINDIR/tmcc.bin`, which
// libtmcc.pm runs for every request it did not answer from the cache: the C client
// has no cache and uses a proxy only when told with -l. Pure.
export type TmccMode = 'tmcc' | 'bin';

/** Explicit form for installs that cannot name the program `tmcc.bin` (a wrapper script). */
const BIN_FLAG = '--bin';

const BIN_NAMES = new Set(['tmcc.bin', 'tmcc.bin.exe']);

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/**
 * The mode from the name the program was started as (process.argv[1], which keeps
 * a symlink's own name) or a leading `--bin`; returns argv without that flag.
 */
export function chooseMode(invokedAs: string | undefined, argv: readonly string[]): { mode: TmccMode; argv: string[] } {
  if (argv[0] === BIN_FLAG) return { mode: 'bin', argv: argv.slice(1) };
  const mode = invokedAs !== undefined && BIN_NAMES.has(baseName(invokedAs)) ? 'bin' : 'tmcc';
  return { mode, argv: [...argv] };
}
