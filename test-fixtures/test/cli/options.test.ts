import { describe, expect, it } from 'vitest';
import { parseBossCli, type BossCliOptions } from '../../src/cli/options.js';

const quiet = { stdout: () => undefined, stderr: () => undefined };

describe('parseBossCli', () => {
  it.each<[string[], Partial<BossCliOptions>]>([
    [[], { experiment: 'three-vnodes', host: '127.0.0.1', port: 0, secondPort: undefined, udp: true, fault: [], framing: 'tolerant' }],
    [['--second-port'], { secondPort: 0 }],
    [['--second-port', '14447', '--port', '7777'], { secondPort: 14447, port: 7777 }],
    [['--no-udp', '--delay', '5'], { udp: false, delay: 5 }],
    [['--generate', '100', '--lans', '4'], { generate: 100, lans: 4 }],
    [['--framing', 'one-read', '--json', '-v'], { framing: 'one-read', json: true, verbose: true }],
    [
      ['--fault', '{"kind":"refuse","forMs":10}', '--fault', '{"kind":"garbage"}'],
      { fault: [{ kind: 'refuse', forMs: 10 }, { kind: 'garbage' }] },
    ],
  ])('%j', (argv, expected) => {
    const r = parseBossCli(argv, quiet);
    expect(r.kind).toBe('run');
    if (r.kind === 'run') expect(r.options).toMatchObject(expected);
  });

  it.each([[['--port', '70000']], [['--framing', 'sometimes']], [['--generate', '0']], [['extra']]])('%j is a usage error', (argv) => {
    expect(parseBossCli(argv, quiet)).toEqual({ kind: 'exit', code: 1 });
  });
});
