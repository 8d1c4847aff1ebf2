// The escape suite: a booted vnode's root attacks its containment from inside
// (attacks.py runs as the vnode's rc.vnode.local, so it inherits everything the
// vnode's init has: namespaces, credentials, seccomp filter, no_new_privs).
// Every attempt must be denied; the list of attempts is checked too, so a
// script that stopped half way cannot pass. Secrets are planted in a private
// copy of the host's /etc (the backend's hostEtc option), never in the real one.
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournaledStepRunner } from '@tbvnode/core';
import { createWorld, isRoot, listenLikeProxy, TMCC_BUNDLE, waitForFile, warnSkip, type World } from '../support/env.js';

const PYTHON = '/usr/bin/python3';
const ATTACKS = fileURLToPath(new URL('./attacks.py', import.meta.url));
warnSkip('linux-vserver escape suite');
if (isRoot && !existsSync(PYTHON)) console.warn(`SKIPPING linux-vserver escape suite: ${PYTHON} (Debian python3) is missing; the attacks are written in Python`);

/** Every attempt the script makes; a missing line fails the test. */
export const ATTEMPTS = [
  'remount rw /usr', 'remount rw /sys', 'remount rw /proc/sys', 'remount rw /var/emulab/boot/tmcc',
  'mount proc', 'mount sysfs', 'mount cgroup2', 'mount cgroup -o pids', 'cgroup v1 release_agent',
  'raise own pids.max', 'move to the root cgroup', 'open_by_handle_at', 'mknod c 1 11',
  'write /proc/sys/vm/swappiness', '/proc/kallsyms addresses', 'read /proc/kcore', 'open /proc/sysrq-trigger for writing',
  'clock_settime', 'keyctl', 'bpf map create',
  'planted secrets readable', 'read /etc/shadow', 'ssh host keys present', '/root holds host files',
  'ptrace host-entered process',
] as const;

const SECRET = 'TBVNODE-PLANTED-SECRET';

/** A private copy of the host's /etc with secrets planted where real hosts keep them. */
async function privateEtc(dir: string): Promise<string> {
  const etc = path.join(dir, 'etc');
  await cp('/etc', etc, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.startsWith('/etc/ssl/private') });
  const plant = async (rel: string, mode: number): Promise<void> => {
    await mkdir(path.dirname(path.join(etc, rel)), { recursive: true });
    await writeFile(path.join(etc, rel), `${SECRET} ${rel}\n`, { mode });
    await chmod(path.join(etc, rel), mode);
  };
  await plant('shadow', 0o640);
  await plant('gshadow', 0o640);
  await plant('ssh/ssh_host_ed25519_key', 0o600);
  await plant('ssh/ssh_host_ed25519_key.pub', 0o644);
  await plant('emulab/emulab-privkey', 0o600);
  // World-readable on purpose: the template must leave Emulab's keys out by name too.
  await plant('emulab/client.pem', 0o644);
  await plant('emulab/emulab.pem', 0o644);
  return etc;
}

export function parseResults(text: string): Map<string, { escaped: boolean; detail: string }> {
  const m = new Map<string, { escaped: boolean; detail: string }>();
  for (const line of text.split('\n')) {
    const r = /^(.*?): (escaped|denied) ?(.*)$/.exec(line);
    if (r) m.set(r[1] as string, { escaped: r[2] === 'escaped', detail: r[3] ?? '' });
  }
  return m;
}

describe.skipIf(!isRoot || !existsSync(PYTHON))('escape attempts from inside a linux-vserver vnode', () => {
  let world: World;
  let scratch: string;
  const journals: JournaledStepRunner[] = [];
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'tbvnode-escape-'));
    const hostEtc = await privateEtc(scratch);
    world = await createWorld({ tmccBundle: TMCC_BUNDLE, nodePath: process.execPath, pids: 64, memoryMb: 256, hostEtc });
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
  });
  afterAll(async () => {
    try {
      if (world) {
        try {
          for (const j of journals) await j.undo('kill');
          await world.hostSteps.undo('kill');
        } finally {
          await world.host.destroy();
        }
      }
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  });

  it('denies every attempt', async () => {
    const { ctx, steps } = await world.vnode('pcvm1-9');
    journals.push(steps);
    const { backend, host } = world;
    await backend.create(ctx, steps);
    // The attack script rides in the vnode's own /etc (its overlay upper dir, or the copy).
    const etcUpper = [path.join(ctx.paths.configDir, 'overlay/etc/upper'), path.join(ctx.paths.rootDir, 'etc')].find((d) => existsSync(d)) as string;
    await mkdir(path.join(etcUpper, 'emulab'), { recursive: true });
    await cp(ATTACKS, path.join(etcUpper, 'emulab/escape.py'));
    await writeFile(path.join(etcUpper, 'emulab/rc.vnode.local'), `#!/bin/sh\nexec ${PYTHON} /etc/emulab/escape.py >/tmp/escape.log 2>&1\n`, { mode: 0o755 });
    // A tmcc cache, so its read-only bind is there to attack.
    await mkdir(ctx.paths.tmccCacheDir, { recursive: true });
    await writeFile(path.join(ctx.paths.tmccCacheDir, 'ifconfig'), '');
    const proxy = await listenLikeProxy(backend.proxyEndpoint(ctx).hostPath);
    await backend.configureNetwork(ctx, steps);
    const running = await backend.boot(ctx, steps);
    await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 15_000);
    await proxy.close();
    // What an operator's `vserver exec` does: a host process entered into the vnode.
    const entered = await host.runner.start(['nsenter', '-t', String(running.pid), '-m', '-u', '-i', '-n', '-p', '--', 'sleep', '4243.5']);
    try {
      await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'tmp/escape.out'), 60_000).catch(async (e: unknown) => {
        const log = await readFile(path.join(ctx.paths.rootDir, 'tmp/escape.log'), 'utf8').catch(() => '(no log)');
        throw new Error(`${(e as Error).message}\nattack log:\n${log}`);
      });
    } finally {
      entered.kill('SIGKILL');
      await entered.exited.catch(() => undefined);
    }
    const text = await readFile(path.join(ctx.paths.rootDir, 'tmp/escape.out'), 'utf8');
    console.log(`escape attempts:\n${text}`);
    const results = parseResults(text);
    for (const a of ATTEMPTS) expect(results.has(a), `attempt "${a}" did not run`).toBe(true);
    const escaped = [...results].filter(([, r]) => r.escaped).map(([n, r]) => `${n}: ${r.detail}`);
    expect(escaped).toEqual([]);
    await running.stop(5_000);
  }, 120_000);
});
