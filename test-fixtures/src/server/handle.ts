// Serving one TCP connection or one UDP datagram: read, parse, answer from
// the fixture, let the active faults bend the reply, record everything.
import { randomBytes } from 'node:crypto';
import type dgram from 'node:dgram';
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Experiment } from '../experiment/types.js';
import { MAX_UDP_REQUEST, parseRequest, type ParsedRequest } from '../protocol/parse-request.js';
import { answerRequest, type Answer } from '../replies/answer.js';
import { planResponse, type FaultSlot, type ResponsePlan, type RequestInfo } from './faults.js';
import { readRequest, type ReadOptions } from './read-request.js';
import type { Outcome, RecordedRequest } from './types.js';
import type { UdpPort } from './udp-port.js';

export interface HandlerContext {
  experiment: Experiment;
  slots(): FaultSlot[];
  record(r: Omit<RecordedRequest, 'seq' | 'at'>): void;
  recordState(vnodeId: string, state: string): void;
  readOptions: ReadOptions;
  signal: AbortSignal;
  warn(message: string, err?: unknown): void;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function plan(ctx: HandlerContext, info: RequestInfo): ResponsePlan {
  const slots = ctx.slots();
  const p = planResponse(slots, info);
  for (const i of p.consumed) {
    const slot = slots[i];
    if (slot) slot.remaining -= 1;
  }
  return p;
}

interface Decision {
  bytes: Buffer;
  outcome: Outcome;
}

// What goes on the wire, after faults; records the state only when the
// request was actually processed.
function decide(ctx: HandlerContext, p: ResponsePlan, answer: Answer): Decision {
  const a = p.action;
  if (a.kind === 'redirect') return { bytes: Buffer.from(`REDIRECT=${a.to}\n`, 'latin1'), outcome: 'redirect' };
  if (a.kind === 'close') return { bytes: Buffer.alloc(0), outcome: a.reset ? 'reset' : 'closed' };
  if (a.kind === 'garbage') {
    return { bytes: a.data !== undefined ? Buffer.from(a.data, 'latin1') : randomBytes(a.bytes), outcome: 'garbage' };
  }
  if (answer.state) ctx.recordState(answer.state.vnodeId, answer.state.state);
  if (answer.crashed) return { bytes: Buffer.alloc(0), outcome: 'crashed' };
  const bytes = Buffer.from(answer.reply, 'latin1');
  return { bytes, outcome: bytes.length === 0 ? 'empty' : 'answered' };
}

function callerName(exp: Experiment, answer: Answer): string | undefined {
  if (!answer.caller) return undefined;
  return answer.caller.kind === 'virt' ? answer.caller.vnode.vnodeId : exp.host.nodeId;
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve) => socket.write(data, () => resolve()));
}

async function sendTcp(socket: net.Socket, bytes: Buffer, p: ResponsePlan, signal: AbortSignal): Promise<void> {
  if (!p.trickle) {
    if (bytes.length > 0) await write(socket, bytes);
    return;
  }
  for (let off = 0; off < bytes.length && !socket.destroyed; off += p.trickle.chunkBytes) {
    if (off > 0) await sleep(p.trickle.intervalMs, undefined, { signal });
    await write(socket, bytes.subarray(off, off + p.trickle.chunkBytes));
  }
}

const EMPTY_PARSE: ParsedRequest = { version: 2, versionGiven: false, args: null, argv: [], dropped: 'empty' };

export async function handleTcp(socket: net.Socket, localPort: number, ctx: HandlerContext): Promise<void> {
  socket.on('error', (err) => ctx.warn('tcp connection error', err));
  const peer = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
  const base = { transport: 'tcp' as const, localPort, peer };
  const early = plan(ctx, { transport: 'tcp', phase: 'accept' });
  if (early.action.kind === 'close') {
    ctx.record({ ...base, raw: Buffer.alloc(0), parsed: EMPTY_PARSE, reply: Buffer.alloc(0), outcome: early.action.reset ? 'reset' : 'closed' });
    if (early.action.reset) socket.resetAndDestroy();
    else socket.destroy();
    return;
  }
  const read = await readRequest(socket, ctx.readOptions);
  const parsed = parseRequest(read.request);
  if (read.raw.length === 0) {
    ctx.record({ ...base, raw: read.raw, readEnd: read.end, parsed, reply: Buffer.alloc(0), outcome: read.end === 'timeout' ? 'timeout' : 'closed' });
    socket.destroy();
    return;
  }
  const answer = answerRequest(ctx.experiment, parsed, { address: peer.address, loopback: isLoopback(peer.address) }, 'tcp');
  const p = plan(ctx, { transport: 'tcp', phase: 'request', command: parsed.command, vnodeId: parsed.vnodeId });
  try {
    if (p.delayMs > 0) await sleep(p.delayMs, undefined, { signal: ctx.signal });
    const d = decide(ctx, p, answer);
    await sendTcp(socket, d.bytes, p, ctx.signal);
    // Recorded before EOF reaches the client: once its request returns, the record (and state) exist.
    ctx.record({ ...base, raw: read.raw, readEnd: read.end, parsed, caller: callerName(ctx.experiment, answer), reply: d.bytes, outcome: d.outcome });
    if (d.outcome === 'reset') socket.resetAndDestroy();
    else socket.end();
  } catch (err) {
    if (!ctx.signal.aborted) ctx.warn('tcp reply failed', err);
    socket.destroy();
  }
}

export async function handleUdp(msg: Buffer, rinfo: dgram.RemoteInfo, port: UdpPort, ctx: HandlerContext): Promise<void> {
  // tmcd's recvfrom buffer holds 2047 bytes; the rest of a datagram is lost.
  const parsed = parseRequest(msg.subarray(0, MAX_UDP_REQUEST));
  const peer = { address: rinfo.address, port: rinfo.port };
  const answer = answerRequest(ctx.experiment, parsed, { address: peer.address, loopback: isLoopback(peer.address) }, 'udp');
  const p = plan(ctx, { transport: 'udp', phase: 'request', command: parsed.command, vnodeId: parsed.vnodeId });
  try {
    if (p.delayMs > 0) await sleep(p.delayMs, undefined, { signal: ctx.signal });
  } catch (err) {
    if (!ctx.signal.aborted) ctx.warn('udp delay failed', err);
    return;
  }
  const d = decide(ctx, p, answer);
  ctx.record({ transport: 'udp', localPort: port.port, peer, raw: msg, parsed, caller: callerName(ctx.experiment, answer), reply: d.bytes, outcome: d.outcome });
  // An empty reply is no datagram at all, as tmcd does.
  if (d.bytes.length > 0) port.send(d.bytes, rinfo, (err) => ctx.warn('udp send failed', err));
}
