// `tmcc-proxy` (also `tmcc -x …` / `tmcc -X …`): resolve boss and the key the
// way tmcc does, start the proxy, run until the signal fires, stop cleanly.
import { once } from 'node:events';
import { findTlsFiles, isTmccError, readPrivateKey, resolveBoss, type BossDeps, type TlsFiles } from '@tbvnode/tmcc';
import { destination, pino, type DestinationStream, type Logger } from 'pino';
import { isProxyError } from '../errors/proxy-error.js';
import { createProxy, type TmccProxy } from '../proxy/create-proxy.js';
import { parseProxyCli, type ProxyCliOptions } from './options.js';

export interface Output {
  write(chunk: Uint8Array | string): unknown;
}

// Shaped so tmcc can hand its own CliDeps straight through.
export interface ProxyCliDeps {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  // Prefix for every file looked up (TBVNODE_ROOT); '/' on a real host.
  root: string;
  // The proxy stops and main resolves when this fires (the bin wires SIGTERM/SIGINT/SIGHUP).
  signal?: AbortSignal;
  platform?: string;
  // Log destination when -o is not given; default: stderr.
  logStream?: DestinationStream;
  boss?: Partial<BossDeps>;
  // Called once the proxy listens (tests, supervisors).
  onStarted?(proxy: TmccProxy): void;
}

// Emulab: 1 for usage and local configuration, 255 for failures on the wire/TLS.
function exitCodeFor(code: string): number {
  return code === 'TMCC_TLS' ? 255 : 1;
}

function makeLogger(o: ProxyCliOptions, deps: ProxyCliDeps): Logger {
  const level = o.debug ? 'debug' : 'info';
  if (o.logFile !== undefined) {
    // Synchronous, so a proxy killed by a signal loses no line; 0640 as Emulab.
    return pino({ level }, destination({ dest: o.logFile, append: true, sync: true, mode: 0o640 }));
  }
  return pino({ level }, deps.logStream ?? (deps.stderr as DestinationStream));
}

async function runProxy(o: ProxyCliOptions, deps: ProxyCliDeps): Promise<number> {
  const root = o.root ?? deps.root;
  const boss = await resolveBoss({ root, env: deps.env, server: o.server, port: o.port, deps: deps.boss });
  const privKey = await readPrivateKey({ root, keyFile: o.keyFile });
  const noSsl = o.noSsl || deps.env['TMCCNOSSL'] !== undefined;
  const tls: TlsFiles | null = noSsl ? null : await findTlsFiles(root);
  const log = makeLogger(o, deps);
  const proxy = createProxy({
    listen: o.listen.kind === 'unix' ? o.listen : { kind: 'inet', host: o.listen.host, port: o.listen.port },
    vnodeId: o.vnodeId,
    privKey,
    upstream: { kind: 'tcp', host: boss.address, ports: boss.ports, tls },
    log,
    requestDeadlineMs: o.requestDeadlineMs,
    maxConcurrent: o.maxConcurrent,
    maxClientBufferBytes: o.maxClientBufferBytes,
    maxBufferedBytes: o.maxBufferedBytes,
    debug: o.debug,
    platform: deps.platform,
  });
  log.info({ boss: boss.name, address: boss.address, ports: boss.ports, tls: tls !== null, hasKey: privKey !== undefined }, 'upstream');
  await proxy.start();
  deps.onStarted?.(proxy);

  // A listener failure gets one restart; a second failure in a row ends the run.
  const fatal = new AbortController();
  proxy.on('error', (err: unknown) => {
    log.error({ err }, 'listener failed; restarting');
    proxy.restart().catch((e: unknown) => {
      log.fatal({ err: e }, 'restart failed');
      fatal.abort();
    });
  });
  const stopSignal = AbortSignal.any([fatal.signal, ...(deps.signal ? [deps.signal] : [])]);
  if (!stopSignal.aborted) await once(stopSignal, 'abort');
  await proxy.stop();
  log.info({ stats: proxy.stats() }, 'exiting');
  return fatal.signal.aborted ? 1 : 0;
}

export async function main(argv: readonly string[], deps: ProxyCliDeps): Promise<number> {
  const parsed = parseProxyCli(argv, { write: (s) => deps.stdout.write(s) }, { write: (s) => deps.stderr.write(s) });
  if (parsed.kind === 'exit') {
    if (parsed.message !== undefined) deps.stderr.write(`tmcc-proxy: ${parsed.message}\nTry 'tmcc-proxy --help'.\n`);
    return parsed.code;
  }
  try {
    return await runProxy(parsed.options, deps);
  } catch (err) {
    if (isTmccError(err)) {
      deps.stderr.write(`${err.message}\n`);
      return exitCodeFor(err.code);
    }
    if (isProxyError(err)) {
      deps.stderr.write(`tmcc-proxy: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
