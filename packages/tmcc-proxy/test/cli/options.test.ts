import { describe, expect, it } from 'vitest';
import { parseProxyCli } from '../../src/cli/options.js';

function parse(argv: string[]) {
  let out = '';
  let err = '';
  const r = parseProxyCli(argv, { write: (s) => (out += s) }, { write: (s) => (err += s) });
  return { r, out, err };
}

describe('parseProxyCli', () => {
  it('maps Emulab flags for the unix proxy', () => {
    const { r } = parse(['-x', '/j/tmcc', '-n', 'pcvm1-1', '-o', '/j/tmcc.log', '-t', '5', '-d', '-s', 'boss', '-p', '7777', '-k', '/k', '-i']);
    expect(r).toEqual({
      kind: 'run',
      options: {
        listen: { kind: 'unix', path: '/j/tmcc', mode: 0o777 },
        vnodeId: 'pcvm1-1',
        logFile: '/j/tmcc.log',
        requestDeadlineMs: 5000,
        debug: true,
        server: 'boss',
        port: 7777,
        keyFile: '/k',
        noSsl: true,
        maxConcurrent: 32,
        maxClientBufferBytes: 256 * 1024,
        maxBufferedBytes: 4096 * 1024,
      },
    });
  });

  it('takes the reply buffer caps in KiB', () => {
    const { r } = parse(['-x', 's', '-n', 'v', '--max-client-buffer-kb', '64', '--max-buffer-kb', '1024']);
    expect(r.kind === 'run' && [r.options.maxClientBufferBytes, r.options.maxBufferedBytes]).toEqual([65536, 1048576]);
  });

  it.each([
    [['-X', '-n', 'v'], { kind: 'inet', host: '127.0.0.1', port: 7778 }],
    [['-X', ':9000', '-n', 'v'], { kind: 'inet', host: '127.0.0.1', port: 9000 }],
    [['-X', '10.1.1.1', '-n', 'v'], { kind: 'inet', host: '10.1.1.1', port: 7778 }],
    [['-x', 's', '-n', 'v', '--mode', '0600'], { kind: 'unix', path: 's', mode: 0o600 }],
  ])('%j listens on %j', (argv, listen) => {
    const { r } = parse(argv);
    expect(r.kind === 'run' && r.options.listen).toEqual(listen);
  });

  it('-t 0 or absent means the default deadline, not none', () => {
    const a = parse(['-x', 's', '-n', 'v', '-t', '0']).r;
    const b = parse(['-x', 's', '-n', 'v']).r;
    expect(a.kind === 'run' && a.options.requestDeadlineMs).toBe(30_000);
    expect(b.kind === 'run' && b.options.requestDeadlineMs).toBe(30_000);
  });

  it.each([
    [['-x', 's', '-X', '-n', 'v'], /Cannot be both unix \(-x\) and inet \(-X\)/],
    [['-x', 's', '-l', 'c', '-n', 'v'], /Cannot be both proxy server \(-x\) and client \(-l\)/],
    [['-n', 'v'], /Give -x/],
    [['-x', 's'], /-n <vnodeid> is required/],
    [['-x', 's', '-n', 'a/b'], /-n <vnodeid>/],
    [['-x', 's', '-n', 'v', '-t', '-1'], /-t/],
    [['-x', 's', '-n', 'v', '-p', '0'], /-p/],
    [['-X', 'host:1', '-n', 'v'], /-X/],
    [['-x', 's', '-n', 'v', '--mode', 'rw'], /--mode/],
    [['-x', 's', '-n', 'v', '--max-buffer-kb', '0'], /--max-buffer-kb/],
    [['-x', 's', '-n', 'v', '--max-client-buffer-kb', 'lots'], /--max-client-buffer-kb/],
  ])('%j is a usage error', (argv, message) => {
    const { r } = parse(argv);
    expect(r.kind).toBe('exit');
    expect(r.kind === 'exit' && r.code).toBe(1);
    expect(r.kind === 'exit' && r.message).toMatch(message);
  });

  it('prints help that names the flags, exit 0', () => {
    const { r, out } = parse(['--help']);
    expect(r).toEqual({ kind: 'exit', code: 0 });
    for (const flag of ['-x <path>', '-X [ip:port]', '-n <vnodeid>', '-o <logfile>', '-t <secs>', '-s <server>', '-k <keyfile>']) {
      expect(out).toContain(flag);
    }
  });

  it('unknown flags exit 1 with commander\'s message', () => {
    const { r, err } = parse(['-q']);
    expect(r).toEqual({ kind: 'exit', code: 1 });
    expect(err).toMatch(/unknown option/);
  });
});
