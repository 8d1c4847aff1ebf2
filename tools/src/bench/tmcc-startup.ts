// Cold start of the `tmcc` bin next to a bare `node -e 0`, interleaved so machine
// load hits both alike. Prints medians and their ratio; asserts nothing.
// Usage: node tools/dist/bench/tmcc-startup.js [--runs N] [--bin path/to/tmcc.js]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Args {
  runs: number;
  bin: string;
}

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { runs: 31, bin: fileURLToPath(new URL('../../../packages/tmcc/bin/tmcc.js', import.meta.url)) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--runs' && v !== undefined && /^\d+$/.test(v)) {
      out.runs = Number(v);
      i++;
    } else if (a === '--bin' && v !== undefined) {
      out.bin = v;
      i++;
    } else {
      throw new Error(`usage: tmcc-startup [--runs N] [--bin PATH] (bad argument: ${a ?? ''})`);
    }
  }
  return out;
}

function timeOnce(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${String(r.status)}: ${r.stderr.toString()}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  // An empty root: no cache, proxypath or keys from this machine influence the run.
  const root = mkdtempSync(join(tmpdir(), 'tmcc-bench-'));
  try {
    const env = { PATH: process.env['PATH'] ?? '', TBVNODE_ROOT: root };
    const tmccArgv = [args.bin, '-s', '127.0.0.1', 'bossinfo'];
    const nodeArgv = ['-e', '0'];
    // Warm the page cache once for each so the first sample is not an outlier.
    timeOnce(tmccArgv, env);
    timeOnce(nodeArgv, env);
    const tmcc: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < args.runs; i++) {
      tmcc.push(timeOnce(tmccArgv, env));
      bare.push(timeOnce(nodeArgv, env));
    }
    const mt = median(tmcc);
    const mn = median(bare);
    process.stdout.write(
      `tmcc cold start (${args.runs} runs each, interleaved)\n` +
        `  tmcc -s 127.0.0.1 bossinfo  median ${mt.toFixed(1)} ms\n` +
        `  node -e 0                   median ${mn.toFixed(1)} ms\n` +
        `  ratio                       ${(mt / mn).toFixed(2)} (target <= 1.30)\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
