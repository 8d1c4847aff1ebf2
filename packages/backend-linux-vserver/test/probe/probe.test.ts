import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '@tbvnode/core/testing';
import { parseLinuxOptions } from '../../src/backend/options.js';
import { VNODE_FILES_DIR } from '../../src/backend/linux-backend.js';
import { probeLinux, VNODE_SCRIPTS } from '../../src/probe/probe.js';
import { portFilterChecks, probeFilterSupport } from '../../src/probe/port-filter-check.js';

describe('probeLinux: the vnode scripts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'probe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const scriptsCheck = async (d: string) =>
    (await probeLinux(createTestDeps(), parseLinuxOptions({}), d)).checks.find((c) => c.name === 'vnode scripts');

  it('finds them in this package', async () => {
    expect(await scriptsCheck(VNODE_FILES_DIR)).toMatchObject({ ok: true });
  });

  it('names the ones that are missing, and the host is then not usable', async () => {
    await writeFile(path.join(dir, VNODE_SCRIPTS[0]), '#!/bin/sh\n');
    const report = await probeLinux(createTestDeps(), parseLinuxOptions({}), dir);
    const check = report.checks.find((c) => c.name === 'vnode scripts');
    expect(check).toMatchObject({ ok: false, detail: `missing in ${dir}: init.sh, rc.sh, gate.sh, seccomp-exec.py, join.sh` });
    expect(report.usable).toBe(false);
  });
});

describe('probeLinux: host secrets in the /etc template', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'probe-etc-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const secretsCheck = async () => {
    const report = await probeLinux(createTestDeps(), parseLinuxOptions({}), VNODE_FILES_DIR, dir);
    return { report, check: report.checks.find((c) => c.name === 'host secrets') };
  };

  it('passes a template with nothing secret in it', async () => {
    await writeFile(path.join(dir, 'hosts'), '127.0.0.1 localhost\n', { mode: 0o644 });
    expect((await secretsCheck()).check).toMatchObject({ ok: true });
  });

  it('fails when a vnode could see a host key, by mode or by name', async () => {
    await mkdir(path.join(dir, 'ssh'));
    await writeFile(path.join(dir, 'ssh/ssh_host_ed25519_key'), 'k', { mode: 0o600 });
    await mkdir(path.join(dir, 'emulab'));
    await writeFile(path.join(dir, 'emulab/client.pem'), 'k', { mode: 0o644 });
    const { report, check } = await secretsCheck();
    expect(check?.ok).toBe(false);
    expect(check?.detail).toContain('ssh/ssh_host_ed25519_key');
    expect(check?.detail).toContain('emulab/client.pem');
    expect(report.usable).toBe(false);
  });
});

describe('portFilterChecks', () => {
  const ok = { nft: true, kernel: true } as const;
  const noNft = { nft: false } as const;
  const noKernel = { nft: true, kernel: false, detail: 'Error: Could not process rule: Operation not supported' } as const;
  it.each([
    ['require', ok, true, undefined],
    ['require', noNft, false, /install nftables/],
    ['require', noKernel, false, /CONFIG_NF_TABLES_BRIDGE.*portFilter=warn/],
    ['warn', ok, true, undefined],
    ['warn', noNft, true, /^WARNING: install nftables.*unfiltered/],
    ['warn', noKernel, true, /^WARNING: .*Operation not supported/],
    ['off', ok, true, /^WARNING: portFilter=off/],
  ] as const)('%s with %j: ok=%s', (mode, support, wantOk, detail) => {
    const [c] = portFilterChecks(mode, support);
    expect(c?.ok).toBe(wantOk);
    if (detail) expect(c?.detail).toMatch(detail);
    else expect(c?.detail).toBeUndefined();
  });
});

describe('probeFilterSupport on this machine', () => {
  it('asks the kernel without changing anything', async () => {
    const deps = createTestDeps();
    const before = await deps.runner.run(['nft', 'list', 'ruleset'], { reject: false });
    const s = await probeFilterSupport(deps);
    const after = await deps.runner.run(['nft', 'list', 'ruleset'], { reject: false });
    expect(after.stdout).toBe(before.stdout);
    if (before.exitCode === 127) expect(s).toEqual({ nft: false });
    else if (process.getuid?.() === 0) expect(s).toEqual({ nft: true, kernel: true });
  });
});
