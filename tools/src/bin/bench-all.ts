// `npm run bench`: every benchmark in turn, each printing its own figures. They
// are separate processes so one's warm caches or open handles never help another.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const benches: Array<{ name: string; script: string; needsRoot: boolean }> = [
  { name: 'tmcc cold start', script: here('../bench/tmcc-startup.js'), needsRoot: false },
  { name: 'tmcc proxy', script: here('../bench/proxy.js'), needsRoot: false },
  { name: 'tmcc proxy under hostile clients', script: here('../bench/proxy-memory.js'), needsRoot: false },
  { name: 'vnode boot (linux-vserver)', script: here('./bench-boot.js'), needsRoot: true },
];

let failed = 0;
for (const b of benches) {
  process.stdout.write(`\n### ${b.name}\n`);
  if (b.needsRoot && process.getuid?.() !== 0) {
    process.stdout.write('SKIPPED: needs root on Linux (it builds real vnodes in a throwaway host)\n');
    continue;
  }
  const r = spawnSync(process.execPath, [b.script], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${b.name}: exited ${r.status ?? r.signal}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
