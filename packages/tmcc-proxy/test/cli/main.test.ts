import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { rawRequest } from '../helpers/raw-client.js';
import { startStandIn, type StandIn } from '../helpers/stand-in.js';

const KEY = 'fedcba9876543210fedc';
let dir: string;
let boss: StandIn;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tmcc-proxy-cli-'));
  boss = await startStandIn();
});
afterEach(async () => {
  await boss.stop();
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const text = { out: '', err: '' };
  return {
    text,
    stdout: { write: (s: Uint8Array | string) => (text.out += String(s)) },
    stderr: { write: (s: Uint8Array | string) => (text.err += String(s)) },
  };
}

describe('main', () => {
  it('runs a unix proxy to the given boss with the key file, logs to -o, stops on the signal', async () => {
    const root = join(dir, 'root');
    await mkdir(root);
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, `${KEY}\nignored second line\n`);
    const path = join(dir, 'tmcc');
    const logFile = join(dir, 'proxy.log');
    const stop = new AbortController();
    const o = io();
    let served = '';
    const code = await main(
      ['-x', path, '-n', 'pcvm2-1', '-s', '127.0.0.1', '-p', String(boss.port), '-k', keyFile, '-i', '-o', logFile, '--root', root],
      {
        ...o,
        env: {},
        root: '/nonexistent',
        platform: 'linux',
        signal: stop.signal,
        onStarted: () => {
          rawRequest({ path }, 'VNODEID=evil VERSION=34 nodeid ')
            .then((r) => (served = r.reply.toString()))
            .finally(() => stop.abort())
            .catch(() => undefined);
        },
      },
    );
    expect(o.text.err).toBe('');
    expect(code).toBe(0);
    expect(served).toBe(`ECHO VNODEID=pcvm2-1 PRIVKEY=${KEY} VERSION=34 nodeid \n`);
    const log = await readFile(logFile, 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ vnode: 'pcvm2-1', command: 'nodeid', outcome: 'ok' });
    expect(log).not.toContain(KEY);
  });

  it('exits 1 with the reason when the key file is unreadable', async () => {
    const o = io();
    const code = await main(['-x', join(dir, 's'), '-n', 'v', '-s', '127.0.0.1', '-k', join(dir, 'missing'), '-i', '--root', dir], {
      ...o,
      env: {},
      root: dir,
      signal: AbortSignal.abort(),
    });
    expect(code).toBe(1);
    expect(o.text.err).toMatch(/^keyfile: /);
  });

  it('exits 1 with a clear message for a socket path longer than sun_path', async () => {
    const o = io();
    const code = await main(['-x', join(dir, 'y'.repeat(200)), '-n', 'v', '-s', '127.0.0.1', '-i', '--root', dir], {
      ...o,
      env: {},
      root: dir,
      platform: 'freebsd',
      signal: AbortSignal.abort(),
    });
    expect(code).toBe(1);
    expect(o.text.err).toMatch(/freebsd allows at most 103/);
  });

  it('prints usage errors with a hint', async () => {
    const o = io();
    expect(await main(['-x', 'a', '-X', '-n', 'v'], { ...o, env: {}, root: dir })).toBe(1);
    expect(o.text.err).toMatch(/Cannot be both unix.*\nTry 'tmcc-proxy --help'/);
  });
});
