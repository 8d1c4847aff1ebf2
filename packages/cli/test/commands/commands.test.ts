import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as bootvnodes } from '../../src/commands/bootvnodes.js';
import { main as manager } from '../../src/commands/manager.js';
import { main as tbvnode } from '../../src/commands/tbvnode.js';
import { main as vnodesetup } from '../../src/commands/vnodesetup.js';
import { captureDeps } from '../helpers/cli-deps.js';

// The commands run in process with injected output (no processes are started).
let root: string;
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-cmd-'));
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

describe('tbvnode-manager main', () => {
  it('is its own entry: --help names it, and vnodesetup no longer takes --manager', async () => {
    const d = captureDeps();
    expect(await manager(['--help'], d)).toBe(0);
    expect(d.out()).toContain('Usage: tbvnode-manager');
    const v = captureDeps({ TBVNODE_ROOT: root });
    expect(await vnodesetup(['--manager', '-j', 'pcvm1-1'], v)).toBe(64);
  });

  it.each([
    [[], 64, /missing required argument 'vnodeid'/],
    [['a', 'b'], 64, /too many arguments/],
    [[';id'], 65, /invalid vnode id/],
  ] as const)('refuses %j with %i before touching anything', async (args, status, msg) => {
    const d = captureDeps({ TBVNODE_ROOT: root, BOSSNAME: '127.0.0.1:1' });
    expect(await manager([...args, '--backend', 'process'], d)).toBe(status);
    expect(d.err()).toMatch(msg);
    expect(await fsp.readdir(root)).toEqual([]);
  });
});

describe('vnodesetup main', () => {
  it('explains itself with --help (and -h stays halt)', async () => {
    const d = captureDeps();
    expect(await vnodesetup(['--help'], d)).toBe(0);
    expect(d.out()).toContain('-h');
    expect(d.out()).toContain('halt');
    expect(d.out()).toContain('-j|-i [-b|-k|-r|-h]');
  });

  it('maps a bad id to 65 with one line on stderr', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await vnodesetup(['-j', '-b', ';id'], d)).toBe(65);
    expect(d.err()).toMatch(/^\*\*\* vnodesetup: invalid vnode id/);
  });

  it.each([
    ['{"memoryMB":512}', /unknown option "memoryMB" \(did you mean "memoryMb"\?\)/],
    ['{"cgroupParent":"../../.."}', /cgroupParent must be a relative path/],
  ])('refuses backend options %s with the usage status and says why', async (options, msg) => {
    const d = captureDeps({ TBVNODE_ROOT: root, TBVNODE_BACKEND: '@tbvnode/backend-linux-vserver', TBVNODE_BACKEND_OPTIONS: options, BOSSNAME: '127.0.0.1:1' });
    expect(await vnodesetup(['-j', '-b', 'pcvm1-1'], d)).toBe(64);
    expect(d.err()).toMatch(msg);
  });

  it('maps an unknown flag to the usage status', async () => {
    const d = captureDeps();
    expect(await vnodesetup(['-j', '-z', 'pcvm1-1'], d)).toBe(64);
  });

  it('says there is no manager to halt on an empty host', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root, TBVNODE_BACKEND: 'process', BOSSNAME: '127.0.0.1:1' });
    expect(await vnodesetup(['-i', '-h', 'pcvm1-1'], d)).toBe(1);
    expect(d.err()).toContain('no manager');
  });
});

describe('bootvnodes main', () => {
  it('acts on nothing when the jails dir is empty (no boss needed)', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root, TBVNODE_BACKEND: 'process' });
    expect(await bootvnodes(['-f', '-k'], d)).toBe(0);
    expect(d.out()).toBe('');
  });

  it('refuses two actions', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await bootvnodes(['-f', '-k', '-b'], d)).toBe(64);
  });
});

describe('tbvnode main', () => {
  it('status on an empty host', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await tbvnode(['status'], d)).toBe(0);
    expect(d.out()).toMatch(/^host .*: backend linux-vserver, not prepared this boot\nno vnodes on this host\n$/);
  });

  it('status --json lists a vnode with a stale manager', async () => {
    await fsp.mkdir(path.join(root, 'var/emulab/jails/pcvm1-1'), { recursive: true });
    await fsp.mkdir(path.join(root, 'var/run'), { recursive: true });
    // A pid that cannot exist on Linux (above pid_max's ceiling).
    await fsp.writeFile(path.join(root, 'var/run/tbvnode-pcvm1-1.pid'), '2147483646\n');
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await tbvnode(['status', '--json'], d)).toBe(0);
    const report = JSON.parse(d.out());
    expect(report.version).toBe(1);
    expect(report.vnodes).toEqual([expect.objectContaining({
      vnodeId: 'pcvm1-1', state: 'halted', backend: 'linux-vserver', manager: 'stale', managerPid: 2147483646, initPid: null, stepsInPlace: 0,
    })]);
  });

  it('doctor probes the process backend', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await tbvnode(['doctor', '--backend', 'process'], d)).toBe(0);
    expect(d.out()).toContain('backend process: usable');
  });

  it('doctor names the package when the backend is not installed', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root, TBVNODE_BACKEND: '@tbvnode/backend-not-installed' });
    expect(await tbvnode(['doctor'], d)).toBe(69);
    expect(d.err()).toContain('npm install @tbvnode/backend-not-installed');
  });

  it('an unknown subcommand is a usage error', async () => {
    const d = captureDeps();
    expect(await tbvnode(['frobnicate'], d)).toBe(64);
  });
});
