// Which connect errors move on to the next port: only ECONNREFUSED (TMCD-PROTOCOL.md §5).
import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { connectTcp, connectUnix, type Address } from '../../src/transport/connect-stream.js';

function failing(codes: Record<number, string>, tried: number[]) {
  return async (a: Address): Promise<Socket> => {
    const port = 'port' in a ? a.port : 0;
    tried.push(port);
    const code = codes[port];
    if (code === undefined) return { setKeepAlive: () => undefined } as unknown as Socket;
    throw Object.assign(new Error(code), { code });
  };
}

describe('connectTcp port fallback', () => {
  it.each([
    ['ECONNREFUSED', [1, 2], 'connected'],
    ['ETIMEDOUT', [1], 'TMCC_CONNECT'],
    ['EHOSTUNREACH', [1], 'TMCC_CONNECT'],
    ['ENETUNREACH', [1], 'TMCC_CONNECT'],
  ])('first port fails with %s: tries %j, outcome %s', async (code, tried, outcome) => {
    const seen: number[] = [];
    const signal = new AbortController().signal;
    const result = await connectTcp('10.0.0.1', [1, 2], { signal, retryRefused: false, retryDelayMs: 1, open: failing({ 1: code }, seen) }).then(
      () => 'connected',
      (err: { code: string; message: string }) => err.code,
    );
    expect(result).toBe(outcome);
    expect(seen).toEqual(tried);
  });

  it('words the error like Emulab', async () => {
    const signal = new AbortController().signal;
    await expect(connectTcp('h', [1], { signal, retryRefused: false, retryDelayMs: 1, open: failing({ 1: 'ETIMEDOUT' }, []) })).rejects.toThrow(
      'connecting stream socket: Connection timed out',
    );
  });
});

describe('connectUnix', () => {
  it('waits out a full backlog (EAGAIN) as the blocking C client does', async () => {
    const codes = ['EAGAIN', 'EAGAIN'];
    let tries = 0;
    const open = async (): Promise<Socket> => {
      tries += 1;
      const code = codes.shift();
      if (code === undefined) return {} as Socket;
      throw Object.assign(new Error(code), { code });
    };
    const signal = new AbortController().signal;
    await connectUnix('/x', { signal, retryRefused: true, retryDelayMs: 1, open });
    expect(tries).toBe(3);
  });
});
