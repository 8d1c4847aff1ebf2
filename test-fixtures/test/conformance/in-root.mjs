#!/usr/bin/env node
// Runs one program chrooted into a private tree, inside the mount (and, when asked,
// network) namespace that `unshare` made for this process: every bind mount below
// exists only there and vanishes with it, so the host's /etc, /var and /usr are never
// touched. Started by run-in-root.ts as: unshare --mount --propagation private
// [--net] -- node in-root.mjs <spec.json>. Plain JS so it needs no build.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });

// Belt and braces: nothing mounted below may propagate back to the host.
run('mount', ['--make-rprivate', '/']);
for (const b of spec.binds) {
  const target = join(spec.root, b.target);
  mkdirSync(target, { recursive: true });
  run('mount', ['--bind', b.source, target]);
  if (b.readOnly) run('mount', ['-o', 'remount,bind,ro', target]);
}
if (spec.sysfs) {
  mkdirSync(join(spec.root, 'sys'), { recursive: true });
  run('mount', ['-t', 'sysfs', 'sysfs', join(spec.root, 'sys')]);
}
for (const link of spec.links ?? []) {
  // A veth pair (the dummy driver is not always built); the vnode sees its end.
  run('ip', ['link', 'add', link.name, 'type', 'veth', 'peer', 'name', `${link.name}p`]);
  run('ip', ['link', 'set', link.name, 'address', link.mac]);
  run('ip', ['link', 'set', link.name, 'up']);
}
if (spec.links) run('ip', ['link', 'set', 'lo', 'up']);

const child = spawn('chroot', [spec.root, ...spec.argv], { env: spec.env, stdio: 'inherit', cwd: '/' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
child.on('error', (err) => {
  process.stderr.write(`in-root: ${err.message}\n`);
  process.exitCode = 127;
});
