// `tbvnode-boss`: load or generate an experiment, serve it, print what
// happens, stop when the signal fires.
import { once } from 'node:events';
import { isBossError } from '../errors.js';
import { generateExperiment } from '../experiment/generate.js';
import { loadExperiment } from '../experiment/load.js';
import type { Experiment } from '../experiment/types.js';
import { startBoss } from '../server/boss.js';
import type { BossSimulator, RecordedRequest } from '../server/types.js';
import type { StateRecord } from '../server/state-log.js';
import { parseBossCli, type BossCliOptions } from './options.js';

export interface Output {
  write(chunk: string): unknown;
}

export interface BossCliDeps {
  stdout: Output;
  stderr: Output;
  // The simulator stops and main resolves when this fires (the bin wires SIGINT/SIGTERM).
  signal: AbortSignal;
  onStarted?(boss: BossSimulator): void;
}

function experimentFor(o: BossCliOptions): Experiment {
  return o.generate !== undefined ? generateExperiment({ vnodes: o.generate, lans: o.lans }) : loadExperiment(o.experiment);
}

function printer(o: BossCliOptions, out: Output) {
  return (event: string, fields: Record<string, unknown>, text: string): void => {
    out.write(o.json ? `${JSON.stringify({ event, ...fields })}\n` : `${text}\n`);
  };
}

async function serve(o: BossCliOptions, deps: BossCliDeps): Promise<number> {
  const experiment = experimentFor(o);
  const boss = await startBoss({
    experiment,
    host: o.host,
    port: o.port,
    ports: o.secondPort === undefined ? 1 : 2,
    secondPort: o.secondPort,
    udp: o.udp,
    framing: o.framing,
    faults: [...o.fault, ...(o.delay ? [{ kind: 'delay' as const, ms: o.delay }] : [])],
  });
  const print = printer(o, deps.stdout);
  const transports = o.udp ? 'tcp+udp' : 'tcp';
  print(
    'listening',
    { host: boss.host, ports: boss.ports, transports, experiment: experiment.name, vnodes: experiment.vnodes.length },
    `tbvnode-boss: experiment ${experiment.name} (${experiment.vnodes.length} vnodes) on ${boss.host} ports ${boss.ports.join(',')} (${transports})`,
  );
  boss.on('state', (s: StateRecord) =>
    print('state', { ...s }, `state ${s.vnodeId} ${s.state} at ${new Date(s.at).toISOString()}`),
  );
  if (o.verbose) {
    boss.on('request', (r: RecordedRequest) => {
      const raw = r.raw.toString('latin1');
      print(
        'request',
        { transport: r.transport, peer: r.peer, caller: r.caller, command: r.parsed.command, outcome: r.outcome, raw },
        `${r.transport} ${r.peer.address}:${r.peer.port} ${r.caller ?? '?'} ${JSON.stringify(raw)} -> ${r.outcome} (${r.reply.length} bytes)`,
      );
    });
  }
  boss.on('warning', (w: { message: string; err?: unknown }) =>
    deps.stderr.write(`tbvnode-boss: ${w.message}${w.err instanceof Error ? `: ${w.err.message}` : ''}\n`),
  );
  deps.onStarted?.(boss);
  if (!deps.signal.aborted) await once(deps.signal, 'abort');
  await boss.stop();
  print('stopped', { states: boss.states().length, requests: boss.requests.length }, 'tbvnode-boss: stopped');
  return 0;
}

export async function main(argv: readonly string[], deps: BossCliDeps): Promise<number> {
  const parsed = parseBossCli(argv, { stdout: (s) => deps.stdout.write(s), stderr: (s) => deps.stderr.write(s) });
  if (parsed.kind === 'exit') return parsed.code;
  try {
    return await serve(parsed.options, deps);
  } catch (err) {
    if (!isBossError(err)) throw err;
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    deps.stderr.write(`tbvnode-boss: ${err.message}${cause}\n`);
    return err.code === 'BOSS_LISTEN' ? 2 : 1;
  }
}
