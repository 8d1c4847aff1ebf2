// The libtmcc layer for in-process callers: answers from the config cache when
// Emulab's rules allow, talks to the proxy named by proxypath when present, else
// to the given target.
import { CURRENT_VERSION } from '../constants.js';
import { TmccError } from '../errors.js';
import { cacheDir } from '../cache/cache-dir.js';
import { readProxyPath } from '../cache/proxypath.js';
import { readCached } from '../cache/read-cache.js';
import { writeCache } from '../cache/write-cache.js';
import { splitFullconfig } from '../parse/fullconfig.js';
import { buildRequest } from '../request/build-request.js';
import { sendRequest } from '../transport/send-request.js';
import type { SendOptions, Target } from '../transport/types.js';

export interface TmccClientOptions {
  root: string;
  target: Target;
  vnodeId?: string;
  privKey?: string;
  /** Answer from <root>/var/emulab/boot/tmcc[.<vnodeid>] when allowed; default true. */
  useCache?: boolean;
  /** Use <root>/var/emulab/boot/proxypath when present (Emulab's "noproxy" off); default true. */
  useProxyPath?: boolean;
  timeoutMs?: number;
  version?: number;
}

export interface TmccClient {
  request(command: string, args?: readonly string[], o?: SendOptions): Promise<Buffer>;
  /** Runs fullconfig and replaces the cache directory with its sections; returns the directory. */
  fillCache(o?: SendOptions): Promise<string>;
}

export function createTmccClient(opts: TmccClientOptions): TmccClient {
  const dir = cacheDir(opts.root, opts.vnodeId);

  async function targetNow(): Promise<Target> {
    if (opts.target.kind === 'unix' || opts.useProxyPath === false) return opts.target;
    const path = await readProxyPath(opts.root);
    return path === undefined ? opts.target : { kind: 'unix', path };
  }

  async function ask(command: string, args: readonly string[], o: SendOptions | undefined): Promise<Buffer> {
    const request = buildRequest({
      command,
      args,
      vnodeId: opts.vnodeId,
      privKey: opts.privKey,
      version: opts.version ?? CURRENT_VERSION,
    });
    return sendRequest(request, await targetNow(), { timeoutMs: opts.timeoutMs, ...o });
  }

  return {
    async request(command, args = [], o) {
      if (opts.useCache !== false) {
        const hit = await readCached(opts.root, opts.vnodeId, command, args);
        if (hit) return hit.reply;
      }
      return ask(command, args, o);
    },
    async fillCache(o) {
      const reply = await ask('fullconfig', [], o);
      if (reply.length === 0) throw new TmccError('TMCC_PROTOCOL', 'Could not get fullconfig from tmcd (empty reply)');
      await writeCache(dir, splitFullconfig(reply.toString('utf8')));
      return dir;
    },
  };
}
