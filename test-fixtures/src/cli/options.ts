// `tbvnode-boss` arguments; commander parses, this file only shapes them.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Fault } from '../server/faults.js';

const FAULT_KINDS = new Set(['refuse', 'delay', 'trickle', 'redirect', 'close-early', 'garbage']);

// One --fault value: a JSON Fault object; repeats accumulate.
function fault(value: string, previous: Fault[]): Fault[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object such as {"kind":"refuse","forMs":2000}');
  }
  const kind = (parsed as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !FAULT_KINDS.has(kind)) {
    throw new InvalidArgumentError(`"kind" must be one of ${[...FAULT_KINDS].join(', ')}`);
  }
  return [...previous, parsed as Fault];
}

export interface BossCliOptions {
  experiment: string;
  generate?: number;
  lans?: number;
  host: string;
  port: number;
  secondPort?: number;
  udp: boolean;
  delay?: number;
  fault: Fault[];
  framing: 'tolerant' | 'one-read';
  json: boolean;
  verbose: boolean;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer ${min}..${max}`);
    return n;
  };
}

export type ParseResult = { kind: 'run'; options: BossCliOptions } | { kind: 'exit'; code: number };

export function parseBossCli(argv: readonly string[], out: { stdout(s: string): void; stderr(s: string): void }): ParseResult {
  const program = new Command('tbvnode-boss')
    .description(
      'A tmcd stand-in for tests and the demo: serves an experiment fixture over TCP and UDP,\n' +
        'prints the ports it listens on and every `state` a node reports, and stops on SIGINT/SIGTERM.\n' +
        'It listens on 127.0.0.1 unless told otherwise.',
    )
    .option('-e, --experiment <file|name>', 'experiment fixture: a bundled name or a JSON file', 'three-vnodes')
    .option('--generate <vnodes>', 'serve a generated experiment with this many vnodes instead', integer(1, 1000))
    .option('--lans <n>', 'LANs in the generated experiment (default 1)', integer(0, 250))
    .option('-H, --host <address>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <n>', 'TCP and UDP port; 0 = any free port', integer(0, 65535), 0)
    .addOption(
      new Option('--second-port [n]', 'also listen on a second port (the 14447 fallback); no value = any free port')
        .argParser(integer(0, 65535)),
    )
    .option('--no-udp', 'TCP only')
    .option('--delay <ms>', 'wait this long before every reply (benchmarks, slow boss)', integer(0, 3_600_000))
    .option('--fault <json>', 'a fault to start with, as JSON (repeatable), e.g. \'{"kind":"redirect","to":"127.0.0.1","count":1}\'', fault, [])
    .addOption(new Option('--framing <mode>', 'TCP request framing').choices(['tolerant', 'one-read']).default('tolerant'))
    .option('--json', 'print events as JSON lines instead of text', false)
    .option('-v, --verbose', 'print every request too', false)
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { kind: 'exit', code: err.exitCode === 0 ? 0 : 1 };
    throw err;
  }
  const o = program.opts<Omit<BossCliOptions, 'secondPort'> & { secondPort?: number | true }>();
  const secondPort = o.secondPort === true ? 0 : o.secondPort;
  return { kind: 'run', options: { ...o, secondPort } };
}
