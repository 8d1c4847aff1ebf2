// `npm run bench`: every benchmark in turn, each printing its own figures. They
// are separate processes so one's warm caches or open handles never help another.
// `--against DIR` runs each benchmark of another built checkout (e.g. the previous
// main in a git worktree) right before this tree's, so both see the same machine
// load and their figures can be read side by side.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

const toolsDist = fileURLToPath(new URL('..', import.meta.url));
const benches: Array<{ name: string; script: string; needsRoot: boolean }> = [
  { name: 'tmcc cold start', script: 'bench/tmcc-startup.js', needsRoot: false },
  { name: 'tmcc proxy', script: 'bench/proxy.js', needsRoot: false },
  { name: 'tmcc proxy under hostile clients', script: 'bench/proxy-memory.js', needsRoot: false },
  { name: 'vnode boot (linux-vserver)', script: 'bin/bench-boot.js', needsRoot: true },
];

const program = new Command('bench')
  .description('run every benchmark; each prints its own figures and ratios')
  .option('--against <dir>', 'also run each benchmark of this built checkout first, labelled "baseline"')
  .option('--only <names>', 'comma-separated substrings of benchmark names to run')
  .parse();
const opts = program.opts<{ against?: string; only?: string }>();

const trees: Array<{ label: string; dist: string }> = [];
if (opts.against !== undefined) {
  const dist = path.resolve(opts.against, 'tools/dist');
  if (!existsSync(path.join(dist, 'bin/bench-all.js'))) {
    process.stderr.write(`bench: ${opts.against} has no built tools (run \`npm run build\` there first)\n`);
    process.exit(66);
  }
  trees.push({ label: `baseline ${opts.against}`, dist });
}
trees.push({ label: 'this tree', dist: toolsDist });
const only = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);

let failed = 0;
for (const b of benches) {
  if (only !== undefined && !only.some((o) => b.name.includes(o))) continue;
  process.stdout.write(`\n### ${b.name}\n`);
  if (b.needsRoot && process.getuid?.() !== 0) {
    process.stdout.write('SKIPPED: needs root on Linux (it builds real vnodes in a throwaway host)\n');
    continue;
  }
  for (const t of trees) {
    if (trees.length > 1) process.stdout.write(`\n#### ${t.label}\n`);
    const r = spawnSync(process.execPath, [path.join(t.dist, b.script)], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed++;
      process.stdout.write(`${b.name} (${t.label}): exited ${r.status ?? r.signal}\n`);
    }
  }
}
process.exitCode = failed === 0 ? 0 : 1;
