// One udp request: forwarded over udp, the reply sent from a fresh socket
// connected to the client (as Emulab's inet proxy does). No reply datagram
// when the answer is empty or the request failed, as tmcd itself behaves.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { MAX_REQUEST_BYTES } from '@tbvnode/tmcc';
import { serveRequest, type RequestSummary, type ServeContext, type SinkState } from './serve-request.js';

// Largest payload one IPv4 datagram can carry.
const MAX_DATAGRAM = 65507;

export function handleDatagram(
  ctx: ServeContext,
  message: Buffer,
  rinfo: RemoteInfo,
  report: (s: RequestSummary) => void,
): Promise<void> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 1000) / 1000;
  if (message.length > MAX_REQUEST_BYTES) {
    report({ transport: 'udp', command: null, reqBytes: message.length, replyBytes: 0, durationMs: elapsed(), outcome: 'too-large', spoofs: 0 });
    return Promise.resolve();
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  const sink = {
    onGone(): void {
      // A datagram client cannot be seen leaving.
    },
    // One datagram is all the client gets: bytes past it are read and dropped.
    write(chunk: Buffer): SinkState {
      if (kept < MAX_DATAGRAM) {
        chunks.push(chunk);
        kept += chunk.length;
      }
      return 'more';
    },
    whenWritable(resume: () => void): void {
      resume();
    },
  };
  return serveRequest(ctx, message, 'udp', sink).then(async (result) => {
    const reply = Buffer.concat(chunks).subarray(0, MAX_DATAGRAM);
    if (result.outcome === 'ok' && reply.length > 0) await sendReply(ctx, reply, rinfo);
    report({ ...result, transport: 'udp', reqBytes: message.length, durationMs: elapsed() });
  });
}

function sendReply(ctx: ServeContext, reply: Buffer, rinfo: RemoteInfo): Promise<void> {
  return new Promise((resolve) => {
    const out = createSocket(rinfo.family === 'IPv6' ? 'udp6' : 'udp4');
    let finished = false;
    const done = (err?: Error | null): void => {
      if (finished) return;
      finished = true;
      if (err) ctx.log.debug({ err }, 'udp reply not sent');
      out.close();
      resolve();
    };
    out.on('error', done);
    out.connect(rinfo.port, rinfo.address, () => out.send(reply, done));
  });
}
