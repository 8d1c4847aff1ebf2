import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '../../src/testing/skip.js';
import { main } from '../../src/cli/main.js';
import type { BossSimulator } from '../../src/index.js';
import { tcpText } from '../helpers/clients.js';

class Sink {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function run(argv: string[]) {
  const stdout = new Sink();
  const stderr = new Sink();
  const stop = new AbortController();
  let resolveStarted: (b: BossSimulator) => void = () => undefined;
  const started = new Promise<BossSimulator>((r) => (resolveStarted = r));
  const exit = main(argv, { stdout, stderr, signal: stop.signal, onStarted: (b) => resolveStarted(b) });
  return { stdout, stderr, stop, started, exit };
}

describe('tbvnode-boss main (in process)', () => {
  it('serves the fixture, prints ports and states as JSON lines, and stops on the signal', async () => {
    const r = run(['--experiment', 'three-vnodes', '--port', '0', '--second-port', '--json']);
    const boss = await r.started;
    const first = JSON.parse(r.stdout.text.split('\n')[0] ?? '') as { event: string; host: string; ports: number[] };
    expect(first).toMatchObject({ event: 'listening', host: '127.0.0.1', ports: boss.ports });
    expect(first.ports).toHaveLength(2);
    await tcpText(boss.port, 'VNODEID=pcvm1-3 VERSION=34 state ISUP ');
    r.stop.abort();
    expect(await r.exit).toBe(0);
    const events = r.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; vnodeId?: string; state?: string });
    expect(events.find((e) => e.event === 'state')).toMatchObject({ vnodeId: 'pcvm1-3', state: 'ISUP' });
    expect(events.at(-1)?.event).toBe('stopped');
  });

  it('serves a generated experiment and logs requests with --verbose', async () => {
    const r = run(['--generate', '5', '--lans', '2', '--verbose']);
    const boss = await r.started;
    expect(await tcpText(boss.port, 'VERSION=34 vnodelist ')).toMatch(/^(VNODEID=pcvm1-\d JAILED=1\n){5}$/);
    r.stop.abort();
    expect(await r.exit).toBe(0);
    expect(r.stdout.text).toMatch(/experiment generated-5 \(5 vnodes\) on 127\.0\.0\.1 ports \d+ \(tcp\+udp\)/);
    expect(r.stdout.text).toContain('"VERSION=34 vnodelist " -> answered');
  });

  it('starts with the faults given by --fault and --delay', async () => {
    const r = run(['--fault', '{"kind":"redirect","to":"127.0.0.1","count":1}', '--delay', '1']);
    const boss = await r.started;
    expect(await tcpText(boss.port, 'VERSION=34 nodeid ')).toBe('REDIRECT=127.0.0.1\n');
    expect(await tcpText(boss.port, 'VERSION=34 nodeid ')).toBe('pc1\n');
    r.stop.abort();
    expect(await r.exit).toBe(0);
  });

  it.each([
    [['--fault', '{"kind":"explode"}'], 1, /"kind" must be one of/],
    [['--fault', 'refuse'], 1, /expected a JSON object/],
    [['--port', 'seventy'], 1, /expected an integer/],
    [['--experiment', 'no-such-fixture'], 1, /cannot read experiment fixture/],
    [['--bogus'], 1, /unknown option/],
  ])('%j exits %i', async (argv, code, message) => {
    const r = run(argv);
    expect(await r.exit).toBe(code);
    expect(r.stderr.text).toMatch(message);
  });

  it('--help explains and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.exit).toBe(0);
    expect(r.stdout.text).toContain('--second-port');
    expect(r.stdout.text).toContain('127.0.0.1');
  });
});

describe('tbvnode-boss as a process', () => {
  const bin = fileURLToPath(new URL('../../bin/tbvnode-boss.js', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../../dist/bin/tbvnode-boss.js', import.meta.url)));
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    child = undefined;
  });
  it.skipIf(skipBecause(!built, 'tbvnode-boss process test: dist/ not built (run the build target first)'))('prints its port, answers, and exits 0 on SIGTERM', async () => {
    const c = spawn(process.execPath, [bin, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let out = '';
    const listening = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 10_000);
      c.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { ports: number[] }).ports[0] ?? 0);
        }
      });
    });
    const port = await listening;
    expect(await tcpText(port, 'VERSION=34 nodeid ')).toBe('pc1\n');
    const exited = once(c, 'exit');
    c.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});
