// tmcc-proxy's flags (Emulab's tmcc proxy flags plus a few of our own), parsed
// with commander and checked into one plain object.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULTS } from '../proxy/options.js';
import { parseInetSpec, type InetSpec } from './inet-spec.js';

export interface ProxyCliOptions {
  listen: { kind: 'unix'; path: string; mode: number } | ({ kind: 'inet' } & InetSpec);
  vnodeId: string;
  logFile?: string;
  requestDeadlineMs: number;
  debug: boolean;
  server?: string;
  port?: number;
  keyFile?: string;
  noSsl: boolean;
  root?: string;
  maxConcurrent: number;
  maxClientBufferBytes: number;
  maxBufferedBytes: number;
}

export type ParseOutcome =
  | { kind: 'run'; options: ProxyCliOptions }
  | { kind: 'exit'; code: number; message?: string };

interface Writer {
  write(s: string): unknown;
}

interface Raw {
  x?: string; X?: string | true; n?: string; o?: string; t?: string; d?: boolean;
  s?: string; p?: string; k?: string; i?: boolean; l?: string; v?: string;
  root?: string; mode?: string; maxConcurrent?: string; maxClientBufferKb?: string; maxBufferKb?: string;
}

const DESCRIPTION = `Run a tmcc proxy: clients inside a vnode (tmcc -l <path>) reach boss through
it without holding the host's key. Every request is rewritten to carry this
proxy's VNODEID (-n) and the host's PRIVKEY; any VNODEID/PRIVKEY a client
sends is dropped and logged. Clients are served concurrently; each request
has a deadline, after which the client is closed without a reply.`;

const EXAMPLES = `
Examples:
  tmcc-proxy -x /var/emulab/jails/pcvm1-1/root/tmcc -n pcvm1-1 -o tmcc.log
  tmcc-proxy -X 127.0.0.1:7778 -n pcvm1-1 -s boss.example.net -i
`;

function build(out: Writer, err: Writer): Command {
  return new Command('tmcc-proxy')
    .description(DESCRIPTION)
    .option('-x <path>', 'unix domain socket to listen on')
    .addOption(new Option('-X [ip:port]', `listen on TCP and UDP (default ${DEFAULTS.inetHost}:${DEFAULTS.inetPort}; either part may be omitted)`))
    .option('-n <vnodeid>', 'vnode id every forwarded request carries (required)')
    .option('-o <logfile>', 'append log lines (JSON, one per request) to this file instead of stderr')
    .option('-t <secs>', `per-request deadline in seconds, from complete request to last reply byte (0 or absent: ${DEFAULTS.requestDeadlineMs / 1000})`)
    .option('-d', 'debug: log each rewritten request (key hidden) and reply size')
    .option('-s <server>', 'boss to forward to (default: BOSSNAME, then the bossnode file, as tmcc)')
    .option('-p <port>', 'boss port (default 7777, then 14447)')
    .option('-k <keyfile>', 'private key file (etc/emulab/emulab-privkey wins when readable, as in Emulab)')
    .option('-i', 'do not use TLS towards boss even when client.pem exists')
    .addOption(new Option('-l <path>').hideHelp())
    .addOption(new Option('-v <version>', 'ignored, as by Emulab\'s proxy').hideHelp())
    .option('--root <dir>', 'prefix for every file looked up (TBVNODE_ROOT; default /)')
    .option('--mode <octal>', 'permissions of the unix socket', '0777')
    .option('--max-concurrent <n>', 'requests forwarded to boss at once', String(DEFAULTS.maxConcurrent))
    .option('--max-client-buffer-kb <n>', 'reply KiB held for one client that does not read; boss is paused past it', String(DEFAULTS.maxClientBufferBytes / 1024))
    .option('--max-buffer-kb <n>', 'the same for all clients together', String(DEFAULTS.maxBufferedBytes / 1024))
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
}

function nonNegativeInt(text: string, flag: string): number | string {
  // Emulab reads numbers with atoi; we are stricter and say so.
  if (!/^[0-9]+$/.test(text)) return `${flag}: not a non-negative integer: ${text}`;
  return Number(text);
}

function check(raw: Raw): ParseOutcome {
  const usage = (message: string): ParseOutcome => ({ kind: 'exit', code: 1, message });
  if (raw.l !== undefined) return usage('Cannot be both proxy server (-x) and client (-l)');
  if (raw.x !== undefined && raw.X !== undefined) return usage('Cannot be both unix (-x) and inet (-X) domain proxy');
  if (raw.x === undefined && raw.X === undefined) return usage('Give -x <path> (unix proxy) or -X [ip][:port] (inet proxy)');
  if (raw.n === undefined || !/^[-\w]+$/.test(raw.n)) return usage('-n <vnodeid> is required and must match [-A-Za-z0-9_]+');
  const t = nonNegativeInt(raw.t ?? '0', '-t');
  const max = nonNegativeInt(raw.maxConcurrent ?? String(DEFAULTS.maxConcurrent), '--max-concurrent');
  if (typeof t === 'string') return usage(t);
  if (typeof max === 'string' || max < 1) return usage(`--max-concurrent: must be a positive integer`);
  const clientKb = nonNegativeInt(raw.maxClientBufferKb ?? String(DEFAULTS.maxClientBufferBytes / 1024), '--max-client-buffer-kb');
  const totalKb = nonNegativeInt(raw.maxBufferKb ?? String(DEFAULTS.maxBufferedBytes / 1024), '--max-buffer-kb');
  if (typeof clientKb === 'string' || clientKb < 1) return usage('--max-client-buffer-kb: must be a positive integer');
  if (typeof totalKb === 'string' || totalKb < 1) return usage('--max-buffer-kb: must be a positive integer');
  let listen: ProxyCliOptions['listen'];
  if (raw.x !== undefined) {
    if (!/^[0-7]{3,4}$/.test(raw.mode ?? '')) return usage(`--mode: not an octal mode: ${raw.mode ?? ''}`);
    listen = { kind: 'unix', path: raw.x, mode: parseInt(raw.mode ?? '0777', 8) };
  } else {
    const spec = parseInetSpec(raw.X ?? true, { host: DEFAULTS.inetHost, port: DEFAULTS.inetPort });
    if (spec === null) return usage(`-X: expected [ip][:port], got ${String(raw.X)}`);
    listen = { kind: 'inet', ...spec };
  }
  const o: ProxyCliOptions = {
    listen,
    vnodeId: raw.n,
    requestDeadlineMs: t === 0 ? DEFAULTS.requestDeadlineMs : t * 1000,
    debug: raw.d === true,
    noSsl: raw.i === true,
    maxConcurrent: max,
    maxClientBufferBytes: clientKb * 1024,
    maxBufferedBytes: totalKb * 1024,
  };
  if (raw.p !== undefined) {
    const p = nonNegativeInt(raw.p, '-p');
    if (typeof p === 'string' || p < 1 || p > 65535) return usage(`-p: not a port: ${raw.p}`);
    o.port = p;
  }
  if (raw.o !== undefined) o.logFile = raw.o;
  if (raw.s !== undefined) o.server = raw.s;
  if (raw.k !== undefined) o.keyFile = raw.k;
  if (raw.root !== undefined) o.root = raw.root;
  return { kind: 'run', options: o };
}

export function parseProxyCli(argv: readonly string[], out: Writer, err: Writer): ParseOutcome {
  const program = build(out, err);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return { kind: 'exit', code: 0 };
      return { kind: 'exit', code: 1 }; // commander already printed why
    }
    throw e;
  }
  return check(program.opts<Raw>());
}
