// A closed stdout must end tmcc with 255 and Emulab-style words, never a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeRoot } from '../helpers/cli.js';
import { startTcpServer, type StreamServer } from '../helpers/servers.js';

let root: Awaited<ReturnType<typeof makeRoot>>;
let server: StreamServer;
beforeEach(async () => {
  root = await makeRoot();
  server = await startTcpServer(() => 'reply\n');
});
afterEach(async () => {
  await server.close();
  await root.cleanup();
});

const brokenPipe = {
  write: (): never => {
    throw Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' });
  },
};

describe('output failures', () => {
  it.each([
    ['bossinfo', ['-s', '127.0.0.1', 'bossinfo']],
    ['a streamed reply', ['-s', '127.0.0.1', '-p', 'PORT', 'nodeid']],
  ])('%s to a broken pipe exits 255', async (_what, argv) => {
    const err: string[] = [];
    const code = await main(argv.map((a) => (a === 'PORT' ? String(server.port) : a)), {
      stdout: brokenPipe,
      stderr: { write: (s) => err.push(String(s)) },
      env: {},
      root: root.root,
    });
    expect([code, err.join('')]).toEqual([255, 'Writing to output stream: Broken pipe\n']);
  });
});
