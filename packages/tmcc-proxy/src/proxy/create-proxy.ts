// The proxy object the vnode manager hosts in process: listeners, connection
// tracking, stats and the supervision hooks ('error' event, restart()).
import type { Socket as DgramSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { lstat, unlink } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';
import { sendRequest } from '@tbvnode/tmcc';
import { pino, type Logger } from 'pino';
import { createLimiter } from '../concurrency/limiter.js';
import { createReadingGate, type ReadingGate } from './reading-gate.js';
import { createReplyBudget, type ReplyBudget } from './reply-budget.js';
import { isProxyError, ProxyError } from '../errors/proxy-error.js';
import { listenInet } from '../socket/listen-inet.js';
import { listenServer, prepareUnixPath, setSocketMode } from '../socket/listen.js';
import { handleDatagram } from './datagram-handler.js';
import { DEFAULTS, resolveOptions, type ProxyOptions, type ResolvedOptions } from './options.js';
import type { RequestSummary, ServeContext, ShutdownHub } from './serve-request.js';
import { handleStream } from './stream-handler.js';
import type { SendFn } from './upstream.js';
import { leanTarget, type LeanTarget } from '../upstream/plan.js';

export interface ProxyStats {
  active: number; // requests being read or served right now
  served: number; // replies forwarded
  failed: number; // deadline passed or boss could not be reached
  refused: number; // too large, no command, read timeout, queue full
  abandoned: number; // the client left first
  spoofAttempts: number; // requests that carried a VNODEID/PRIVKEY token
  bufferedBytes: number; // reply bytes written to clients, not yet taken by the kernel
  peakBufferedBytes: number; // the most bufferedBytes has been
  pausedReplies: number; // replies whose boss socket waits for a slow client
  evicted: number; // connections closed while still sending, to let newer ones in
}

export type ProxyAddress = string | { host: string; port: number };

// Events: 'request' (RequestSummary & { vnode }) after every request;
// 'notice' (UpstreamNotice) when tmcc reports a redirect or a refusing boss;
// 'error' (ProxyError) when a listener fails after start. Without an 'error'
// listener the failure is logged instead of thrown, so a manager is not killed.
export interface TmccProxy extends EventEmitter {
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  address(): ProxyAddress;
  stats(): ProxyStats;
}

interface Running {
  server: Server;
  udp: DgramSocket | null;
  sockets: Set<Socket>;
  pending: Set<Promise<void>>;
  shutdown: ShutdownHub;
  address: ProxyAddress;
  unixIno: number | null;
}

const FAILED = new Set(['deadline', 'upstream-error', 'stopped']);
const REFUSED = new Set(['too-large', 'no-command', 'read-timeout', 'busy', 'evicted']);

class Proxy extends EventEmitter implements TmccProxy {
  private readonly opts: ResolvedOptions;
  private readonly log: Logger;
  private readonly send: SendFn;
  private readonly lean: LeanTarget | null;
  private running: Running | null = null;
  private transition: Promise<void> = Promise.resolve();
  private readonly counters = { active: 0, served: 0, failed: 0, refused: 0, abandoned: 0, spoofAttempts: 0 };
  // Kept across restarts so the figures describe the proxy's whole life.
  private budget: ReplyBudget;
  private readers: ReadingGate;

  constructor(o: ProxyOptions) {
    super();
    try {
      this.opts = resolveOptions(o, process.platform);
    } catch (err) {
      throw new ProxyError('PROXY_USAGE', (err as Error).message, { cause: err });
    }
    this.log = (o.log ?? pino({ level: 'silent' })).child({ vnode: this.opts.vnodeId });
    this.send = o.send ?? sendRequest;
    this.budget = createReplyBudget(this.opts.maxClientBufferBytes, this.opts.maxBufferedBytes);
    this.readers = createReadingGate(this.opts.maxReading);
    this.lean = leanTarget(this.opts.upstream, { injectedSend: o.send !== undefined, noProgressMs: this.opts.noProgressMs });
  }

  // start/stop/restart are serialised so a supervisor can call them freely.
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.transition.then(fn, fn);
    this.transition = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.serial(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.serial(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.serial(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  address(): ProxyAddress {
    if (!this.running) throw new ProxyError('PROXY_STATE', 'proxy is not running');
    return this.running.address;
  }

  stats(): ProxyStats {
    const b = this.budget;
    return { ...this.counters, bufferedBytes: b.buffered, peakBufferedBytes: b.peak, pausedReplies: b.waiting, evicted: this.readers.evicted };
  }

  private report(s: RequestSummary): void {
    const c = this.counters;
    if (s.outcome === 'ok') c.served += 1;
    else if (FAILED.has(s.outcome)) c.failed += 1;
    else if (REFUSED.has(s.outcome)) c.refused += 1;
    else c.abandoned += 1;
    if (s.spoofs > 0) c.spoofAttempts += 1;
    const level = s.outcome === 'ok' || s.outcome === 'client-gone' || s.outcome === 'stopped' ? 'info' : 'warn';
    this.log[level](s, 'request');
    this.emit('request', { ...s, vnode: this.opts.vnodeId });
  }

  private failure(what: string, err: unknown): void {
    const e = isProxyError(err) ? err : new ProxyError('PROXY_LISTEN', `${what}: ${(err as Error).message}`, { cause: err });
    this.log.error({ err: e }, 'proxy listener failed');
    if (this.listenerCount('error') > 0) this.emit('error', e);
  }

  private async doStart(): Promise<void> {
    if (this.running) throw new ProxyError('PROXY_STATE', 'proxy is already running');
    const o = this.opts;
    const shutdown: ShutdownHub = { stopped: false, stoppers: new Set() };
    const ctx: ServeContext = {
      opts: o,
      log: this.log,
      send: this.send,
      lean: this.lean,
      limiter: createLimiter(o.maxConcurrent, o.maxQueued),
      budget: this.budget,
      readers: this.readers,
      shutdown,
      onNotice: (n) => this.emit('notice', n),
    };
    const sockets = new Set<Socket>();
    const pending = new Set<Promise<void>>();
    const report = (s: RequestSummary): void => {
      this.counters.active -= 1;
      this.report(s);
    };
    const transport = o.listen.kind === 'unix' ? 'unix' : 'tcp';
    const onConnection = (s: Socket): void => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      this.counters.active += 1;
      handleStream(ctx, s, transport, report);
    };

    let server: Server;
    let udp: DgramSocket | null = null;
    let address: ProxyAddress;
    let unixIno: number | null = null;
    if (o.listen.kind === 'unix') {
      const path = o.listen.path;
      await prepareUnixPath(path, o.platform);
      server = await listenServer(onConnection, { path }, o.backlog);
      try {
        await setSocketMode(path, o.listen.mode ?? DEFAULTS.unixMode);
        unixIno = (await lstat(path)).ino;
      } catch (err) {
        server.close();
        throw err;
      }
      address = path;
    } else {
      const host = o.listen.host ?? DEFAULTS.inetHost;
      ({ server, udp } = await listenInet(onConnection, host, o.listen.port ?? DEFAULTS.inetPort, o.backlog));
      const port = (server.address() as { port: number }).port;
      address = { host, port };
      udp.on('message', (msg, rinfo) => {
        this.counters.active += 1;
        const p = handleDatagram(ctx, msg, rinfo, report).finally(() => pending.delete(p));
        pending.add(p);
      });
      udp.on('error', (err) => this.failure('udp listener', err));
    }
    server.on('error', (err) => this.failure('listener', err));
    this.running = { server, udp, sockets, pending, shutdown, address, unixIno };
    this.log.info({ listen: address, maxConcurrent: o.maxConcurrent, requestDeadlineMs: o.requestDeadlineMs }, 'proxy listening');
  }

  private async doStop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = null;
    r.shutdown.stopped = true;
    for (const stop of [...r.shutdown.stoppers]) stop();
    const closed = new Promise<void>((resolve) => r.server.close(() => resolve()));
    for (const s of r.sockets) s.destroy();
    if (r.udp) r.udp.close();
    await closed;
    await Promise.allSettled([...r.pending]);
    // Remove our socket file, but not one a successor already bound there.
    if (typeof r.address === 'string' && r.unixIno !== null) {
      const st = await lstat(r.address).catch(() => null);
      if (st?.isSocket() && st.ino === r.unixIno) {
        await unlink(r.address).catch((err: Error) => this.log.warn({ err }, 'cannot remove socket file'));
      }
    }
    this.log.info('proxy stopped');
  }
}

export function createProxy(o: ProxyOptions): TmccProxy {
  return new Proxy(o);
}
