import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '@tbvnode/core/testing';
import { parseLinuxOptions } from '../../src/backend/options.js';
import { VNODE_FILES_DIR } from '../../src/backend/linux-backend.js';
import { probeLinux, VNODE_SCRIPTS } from '../../src/probe/probe.js';

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
    expect(check).toMatchObject({ ok: false, detail: `missing in ${dir}: init.sh, rc.sh` });
    expect(report.usable).toBe(false);
  });
});
