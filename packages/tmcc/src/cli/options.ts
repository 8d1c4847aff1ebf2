// Parses tmcc's Emulab flags with commander and checks them. Option parsing stops
// at the first word (BSD getopt), so `tmcc state -x` sends "-x" as an argument.
import { Command, CommanderError } from 'commander';
import { parseNonNegativeInt, parsePort } from '../boss/parse-port.js';
import { TmccError } from '../errors.js';
import type { TmccMode } from './mode.js';
import { BIN_USAGE, USAGE } from './usage.js';

export interface CliOptions {
  mode: TmccMode;
  debug: boolean;
  noCache: boolean;
  noProxy: boolean;
  server?: string;
  port?: number;
  version?: number;
  vnodeId?: string;
  keyFile?: string;
  udp: boolean;
  unixPath?: string;
  timeoutSec: number;
  dataFile?: string;
  noSsl: boolean;
  words: string[];
}

export type ParseOutcome = { kind: 'run'; options: CliOptions } | { kind: 'exit'; code: number };

interface Writer {
  write(s: string): unknown;
}

interface Raw {
  d?: boolean; b?: boolean; D?: boolean; s?: string; p?: string; v?: string; n?: string; k?: string;
  u?: boolean; l?: string; t?: string; f?: string; i?: boolean; x?: string; X?: string; T?: boolean; o?: string;
}

// tmcc.bin is Emulab's C client: its getopt string has no -b/-D (the front end's
// cache and proxypath switches) but takes -o (the proxy's log file, unused otherwise).
function buildProgram(out: Writer, err: Writer, mode: TmccMode): Command {
  const bin = mode === 'bin';
  const program = new Command(bin ? 'tmcc.bin' : 'tmcc')
    .usage('[options] <command> [arg1 ...]')
    .description(
      bin
        ? 'Emulab\'s tmcc.bin: ask tmcd one question and print its raw reply.\n' +
            'No config cache, no proxypath: a proxy only when -l names it.\n' +
            'Chosen by the program name tmcc.bin or a leading --bin (see README).'
        : 'Ask the testbed controller (tmcd on boss) one question and print its raw reply.\n' +
            'Same flags, request bytes and exit statuses as Emulab\'s tmcc (see README).\n' +
            'Run as tmcc.bin (or with a leading --bin) it is Emulab\'s C client.',
    )
    .argument('[words...]', 'command and up to 4 arguments, e.g. "ifconfig" or "state ISUP"')
    .option('-d', 'turn on debugging (echo the reply to stderr)');
  if (!bin) {
    program
      .option('-b', 'bypass the tmcc cache and go to the server')
      .option('-D', 'do not use the proxy named by var/emulab/boot/proxypath');
  }
  program
    .option('-s <server>', 'tmcd server to connect to (name or address, no :port)')
    .option('-p <portnum>', 'port number to connect to (instead of 7777, then 14447)')
    .option('-v <versnum>', 'protocol version to announce (default 34)')
    .option('-n <vnodeid>', 'vnode id to speak as')
    .option('-k <keyfile>', 'private key file')
    .option('-u', 'use UDP instead of TCP')
    .option('-l <path>', 'use the named unix domain socket (a tmcc proxy) instead of TCP')
    .option('-t <timeout>', 'fail after this many seconds without progress (0: never)')
    .option('-f <datafile>', 'extra bytes to send after the command (not with -u)')
    .option('-i', 'do not use SSL even when client.pem exists')
    .option('-x <path>', 'run as a unix-socket tmcc proxy (handed to @tbvnode/tmcc-proxy; see tmcc-proxy --help)')
    .option('-X <ipport>', 'run as an inet tmcc proxy (handed to @tbvnode/tmcc-proxy)');
  if (bin) program.option('-o <logfile>', 'log file for -x (accepted and unused otherwise, as in Emulab)');
  return program
    .option('-T', 'TPM: not supported')
    .passThroughOptions()
    .allowExcessArguments(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
}

function usageError(message: string | undefined, usage: string): TmccError {
  return new TmccError('TMCC_USAGE', message === undefined ? usage : `${message}\n${usage}`);
}

function check(raw: Raw, words: string[], mode: TmccMode): CliOptions {
  const usage = mode === 'bin' ? BIN_USAGE : USAGE;
  if (raw.x !== undefined || raw.X !== undefined) throw usageError('Proxy mode (-x/-X) is run by the tmcc bin through @tbvnode/tmcc-proxy, not by this function', usage);
  if (raw.T === true) throw usageError('TPM (-T) is not supported', usage);
  if (words.length < 1 || words.length > 5) throw usageError(undefined, usage);
  if (raw.u === true && raw.f !== undefined) throw usageError('Cannot send a file (-f) in UDP mode (-u)', usage);
  if (raw.l !== undefined && (raw.k !== undefined || raw.s !== undefined)) {
    throw usageError('You may not use the -k or -s with the -l option', usage);
  }
  // tmcc.bin never reads the cache or proxypath: libtmcc.pm has already decided both.
  const o: CliOptions = {
    mode,
    debug: raw.d === true,
    noCache: mode === 'bin' || raw.b === true,
    noProxy: mode === 'bin' || raw.D === true,
    udp: raw.u === true,
    noSsl: raw.i === true,
    timeoutSec: raw.t === undefined ? 0 : parseNonNegativeInt(raw.t, '-t'),
    words,
  };
  if (raw.s !== undefined) o.server = raw.s;
  if (raw.p !== undefined) o.port = parsePort(raw.p, '-p');
  if (raw.v !== undefined) o.version = parseNonNegativeInt(raw.v, '-v');
  if (raw.n !== undefined) {
    // Emulab's id rule; the id names a cache directory, so nothing else gets through.
    if (!/^[-\w]+$/.test(raw.n)) throw new TmccError('TMCC_USAGE', `-n: bad vnode id: '${raw.n}'`);
    o.vnodeId = raw.n;
  }
  if (raw.k !== undefined) o.keyFile = raw.k;
  if (raw.l !== undefined) o.unixPath = raw.l;
  if (raw.f !== undefined) o.dataFile = raw.f;
  return o;
}

export function parseCli(argv: readonly string[], out: Writer, err: Writer, mode: TmccMode = 'tmcc'): ParseOutcome {
  const program = buildProgram(out, err, mode);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return { kind: 'exit', code: 0 };
      err.write(mode === 'bin' ? BIN_USAGE : USAGE);
      return { kind: 'exit', code: 1 };
    }
    throw e;
  }
  return { kind: 'run', options: check(program.opts<Raw>(), program.args, mode) };
}
