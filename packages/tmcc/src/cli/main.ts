// `tmcc`: Emulab's tmcc wrapper and tmcc.bin in one. Order of work as in Emulab:
// cache, proxypath, boss name, bossinfo, key file, request, transport. As tmcc.bin
// (mode.ts) the first two are off: Emulab's Perl does them before calling it.
import { readFileNow, type ReadFile } from '../util/read-file.js';
import { readPrivateKey } from '../boss/key-file.js';
import { resolveBoss } from '../boss/resolve-boss.js';
import { findTlsFiles, SSL_INIT_FAILED } from '../boss/tls-files.js';
import { readProxyPath } from '../cache/proxypath.js';
import { readCached } from '../cache/read-cache.js';
import { isTmccError, TmccError } from '../errors.js';
import { buildRequest } from '../request/build-request.js';
import { errnoOf, strerror } from '../transport/strerror.js';
import type { Target } from '../transport/types.js';
import type { CliDeps, Output } from './deps.js';
import { exitCodeFor } from './exit-codes.js';
import { chooseMode } from './mode.js';
import { parseCli, type CliOptions } from './options.js';

async function readDatafile(readFile: ReadFile, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new TmccError('TMCC_DATAFILE', `accessing datafile: ${strerror(err)}`, { cause: err, errno: errnoOf(err) });
  }
}

async function chooseTarget(o: CliOptions, deps: CliDeps, boss: { address: string; ports: number[] } | undefined, unixPath: string | undefined): Promise<Target> {
  if (unixPath !== undefined) return { kind: 'unix', path: unixPath };
  if (boss === undefined) throw new TmccError('TMCC_CONFIG', 'no boss to talk to');
  const first = boss.ports[0] ?? 7777;
  if (o.udp) return { kind: 'udp', host: boss.address, port: first };
  const noSsl = o.noSsl || deps.env['TMCCNOSSL'] !== undefined;
  const tls = noSsl ? null : await findTlsFiles(deps.root, deps.readFile ?? readFileNow);
  return { kind: 'tcp', host: boss.address, ports: boss.ports, tls };
}

async function run(o: CliOptions, deps: CliDeps): Promise<number> {
  const read = deps.readFile ?? readFileNow;
  const [command = '', ...args] = o.words;
  if (!o.noCache) {
    const hit = await readCached(deps.root, o.vnodeId, command, args, read);
    if (hit) {
      if (o.debug) deps.stderr.write(`Fetching locally from ${hit.path}\n`);
      deps.stdout.write(hit.reply);
      return 0;
    }
  }
  // An explicit server or key means "talk to boss myself", so proxypath is not used then.
  let unixPath = o.unixPath;
  if (unixPath === undefined && !o.noProxy && o.server === undefined && o.keyFile === undefined) {
    unixPath = await readProxyPath(deps.root, read);
  }
  // Through a proxy (unix socket) boss's address is never used, so unlike Emulab
  // (which resolves it in every mode) a vnode without DNS still works; bossinfo
  // is the one command that needs it.
  if (unixPath !== undefined && command !== 'bossinfo') return sendAndPrint(o, deps, read, unixPath, undefined);
  const boss = await resolveBoss({ root: deps.root, env: deps.env, server: o.server, port: o.port, deps: { readFile: read, ...deps.boss } });
  if (command === 'bossinfo') {
    deps.stdout.write(`${boss.name} ${boss.address}\n`);
    return 0;
  }
  return sendAndPrint(o, deps, read, unixPath, boss);
}

async function sendAndPrint(
  o: CliOptions, deps: CliDeps, read: ReadFile, unixPath: string | undefined, boss: { address: string; ports: number[] } | undefined,
): Promise<number> {
  const [command = '', ...args] = o.words;
  const privKey = await readPrivateKey({ root: deps.root, keyFile: o.keyFile, unixMode: unixPath !== undefined, readFile: read });
  const request = buildRequest({
    command,
    args,
    vnodeId: o.vnodeId,
    privKey,
    useUdp: o.udp && unixPath !== undefined,
    version: o.version,
    datafile: o.dataFile === undefined ? undefined : await readDatafile(read, o.dataFile),
  });
  let target: Target;
  try {
    target = await chooseTarget(o, deps, boss, unixPath);
  } catch (err) {
    // Emulab prints this one on stdout.
    if (isTmccError(err) && err.message === SSL_INIT_FAILED) {
      deps.stdout.write(`${SSL_INIT_FAILED}\n`);
      return 255;
    }
    throw err;
  }
  // Loaded only when something goes on the wire: cache hits and bossinfo stay cheap.
  const { sendRequest } = await import('../transport/send-request.js');
  await sendRequest(request, target, {
    timeoutMs: o.timeoutSec * 1000,
    signal: deps.signal,
    retryRefused: true,
    retryDelayMs: deps.retryDelayMs,
    collectReply: false,
    onData: (chunk) => {
      deps.stdout.write(chunk);
      if (o.debug) deps.stderr.write(chunk);
    },
    onNotice: (line, kind) => {
      if (kind === 'redirect' || o.debug) deps.stderr.write(`${line}\n`);
    },
  });
  return 0;
}

// A closed stdout (`tmcc ... | head -1`) is a wire-side failure (255), not a crash.
function guardOutput(out: Output): Output {
  return {
    write(chunk) {
      try {
        return out.write(chunk);
      } catch (err) {
        throw new TmccError('TMCC_OUTPUT', `Writing to output stream: ${strerror(err)}`, { cause: err, errno: errnoOf(err) });
      }
    },
  };
}

export async function main(argv: readonly string[], rawDeps: CliDeps): Promise<number> {
  const deps = { ...rawDeps, stdout: guardOutput(rawDeps.stdout) };
  try {
    const { mode, argv: words } = chooseMode(deps.invokedAs, argv);
    const parsed = parseCli(words, { write: (s) => deps.stdout.write(s) }, { write: (s) => deps.stderr.write(s) }, mode);
    if (parsed.kind === 'exit') return parsed.code;
    return await run(parsed.options, deps);
  } catch (err) {
    if (!isTmccError(err)) throw err;
    deps.stderr.write(err.message.endsWith('\n') ? err.message : `${err.message}\n`);
    return exitCodeFor(err.code);
  }
}
