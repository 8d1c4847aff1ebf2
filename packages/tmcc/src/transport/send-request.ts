// Sends prepared request bytes to tmcd (or a proxy) and returns the reply, streaming
// it through onData as it arrives. Implements Emulab's REDIRECT handling for TCP.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_REPLY_BYTES, TCP_RETRY_DELAY_MS, UNIX_RETRY_DELAY_MS } from '../constants.js';
import { isTmccError, TmccError } from '../errors.js';
import { errnoOf, strerror } from './strerror.js';
import { validateTarget } from './validate-target.js';
import { planRedirect } from '../request/rewrite-redirect.js';
import { ReplyReader } from './reply-reader.js';
import { connectTcp, connectUnix } from './connect-stream.js';
import { exchangeStream } from './exchange-stream.js';
import { startSession, type Session } from './session.js';
import { upgradeTls } from './tls-upgrade.js';
import type { SendOptions, Target } from './types.js';
import { exchangeUdp } from './udp.js';

async function openStream(host: string, ports: readonly number[], target: Target & { kind: 'tcp' }, s: Session, opts: SendOptions): Promise<Duplex> {
  const raw: Socket = await connectTcp(host, ports, {
    signal: s.signal,
    retryRefused: opts.retryRefused ?? false,
    retryDelayMs: opts.retryDelayMs ?? TCP_RETRY_DELAY_MS,
    onNotice: opts.onNotice,
  });
  s.connected();
  if (!target.tls) return raw;
  try {
    return await upgradeTls(raw, target.tls, s.signal);
  } catch (err) {
    raw.destroy();
    throw err;
  }
}

async function sendTcp(request: Buffer, target: Target & { kind: 'tcp' }, s: Session, opts: SendOptions, deliver: (c: Buffer) => boolean): Promise<void> {
  let host = target.host;
  let req = request;
  let redirectsLeft = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  for (;;) {
    const sock = await openStream(host, target.ports, target, s, opts);
    const reader = new ReplyReader(deliver);
    await exchangeStream(sock, req, { signal: s.signal, halfClose: !target.tls, onChunk: (c) => reader.push(c) });
    if (s.signal.aborted) throw s.signal.reason;
    reader.end();
    if (reader.redirect === undefined) return;
    if (redirectsLeft <= 0) throw new TmccError('TMCC_REDIRECT_LIMIT', 'Redirect limit reached');
    redirectsLeft -= 1;
    const plan = planRedirect(reader.redirect, req);
    req = plan.request;
    host = plan.host;
    if (plan.rewritten) opts.onNotice?.(`${req.toString('latin1')}, ${host}`, 'redirect');
  }
}

export async function sendRequest(request: Buffer, target: Target, opts: SendOptions = {}): Promise<Buffer> {
  const collect = opts.collectReply ?? true;
  const s = startSession({
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    maxReplyBytes: opts.maxReplyBytes ?? (collect ? DEFAULT_MAX_REPLY_BYTES : Infinity),
  });
  const chunks: Buffer[] = [];
  const deliver = (chunk: Buffer): boolean => {
    s.progress(chunk.length);
    if (s.signal.aborted) return false;
    if (collect) chunks.push(chunk);
    try {
      opts.onData?.(chunk);
    } catch (err) {
      s.fail(isTmccError(err) ? err : new TmccError('TMCC_OUTPUT', `Writing to output stream: ${strerror(err)}`, { cause: err, errno: errnoOf(err) }));
      return false;
    }
    return true;
  };
  try {
    if (s.signal.aborted) throw s.signal.reason;
    validateTarget(target);
    if (target.kind === 'udp') {
      await exchangeUdp(target.host, target.port, request, { signal: s.signal, onSent: () => s.connected(), onReply: deliver });
    } else if (target.kind === 'unix') {
      const sock = await connectUnix(target.path, {
        signal: s.signal,
        retryRefused: opts.retryRefused ?? false,
        retryDelayMs: opts.retryDelayMs ?? UNIX_RETRY_DELAY_MS,
        onNotice: opts.onNotice,
      });
      s.connected();
      await exchangeStream(sock, request, { signal: s.signal, halfClose: true, onChunk: deliver });
    } else {
      await sendTcp(request, target, s, opts, deliver);
    }
    if (s.signal.aborted) throw s.signal.reason;
    return Buffer.concat(chunks);
  } finally {
    s.stop();
  }
}
