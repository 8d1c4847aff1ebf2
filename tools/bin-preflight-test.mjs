#!/usr/bin/env node
// `npm test`'s first step: the root tests drive real host tools. Say in one line
// which Debian packages are missing before anything is built, instead of letting
// a suite fail halfway. Without root those tests skip (loudly) and nothing is needed.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const NEEDS = [
  // [how to check, Debian package]
  [['ip'], 'iproute2'],
  [['unshare', 'nsenter', 'mount', 'setpriv'], 'util-linux'],
  [['nft'], 'nftables'],
  [['arping'], 'iputils-arping'],
];

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    try {
      accessSync(`${dir || '.'}/${cmd}`, constants.X_OK);
      return true;
    } catch {
      // not in this dir; try the next
    }
  }
  return false;
}

function pythonSeccomp() {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import seccomp'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (process.platform === 'linux' && process.getuid?.() === 0) {
  const missing = new Set();
  for (const [cmds, pkg] of NEEDS) if (!cmds.every(onPath)) missing.add(pkg);
  if (!pythonSeccomp()) missing.add('python3-seccomp');
  if (missing.size > 0) {
    const list = [...missing].join(' ');
    process.stderr.write(`npm test: the root tests need Debian packages that are missing: ${list} (apt-get install -y ${list})\n`);
    process.exit(1);
  }
}
