// A raw socket client: what Emulab's C tmcc does (write, maybe no half-close,
// read to EOF). Resolves with the reply, or the error code that ended it.
import { connect, type Socket } from 'node:net';

export interface RawResult {
  reply: Buffer;
  error: string | null;
}

export type Where = { path: string } | { host: string; port: number };

export function rawRequest(
  where: Where,
  request: Buffer | string,
  o: { halfClose?: boolean; deadlineMs?: number } = {},
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect(where);
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('raw client: no EOF before its deadline'));
    }, o.deadlineMs ?? 10_000);
    s.on('connect', () => {
      s.write(request);
      if (o.halfClose === true) s.end();
    });
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ reply: Buffer.concat(chunks), error });
    });
  });
}
