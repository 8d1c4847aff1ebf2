import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile, lstat, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStepRegistry, builtinStepTypes, openStepRunner } from '@tbvnode/core';
import { createTestDeps } from '@tbvnode/core/testing';
import { varTemplateStep } from '../../src/steps/var-template.js';

describe('linux.var-template', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'var-template-'));
    // A small host /var: nested dirs with their modes, logs, a symlink, data that must not be copied.
    const hostVar = path.join(dir, 'hostvar');
    await mkdir(path.join(hostVar, 'lib/dpkg'), { recursive: true });
    await mkdir(path.join(hostVar, 'spool/mail'), { recursive: true, mode: 0o2775 });
    await mkdir(path.join(hostVar, 'log'), { recursive: true });
    await mkdir(path.join(hostVar, 'emulab/jails/pcvm1-1'), { recursive: true });
    await writeFile(path.join(hostVar, 'log/syslog'), 'host log lines\n');
    await writeFile(path.join(hostVar, 'lib/dpkg/status'), 'host data\n');
    await symlink('/run', path.join(hostVar, 'run'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = async () => {
    const deps = createTestDeps();
    const steps = await openStepRunner({
      scope: 'host', journalPath: path.join(dir, 'journal'), registry: createStepRegistry(builtinStepTypes, [varTemplateStep]), deps,
    });
    return { steps, template: path.join(dir, 'state/linux-var') };
  };

  it('mirrors the tree and empty logs, never file contents or emulab state; undo removes it', async () => {
    const { steps, template } = await open();
    await steps.run(varTemplateStep, { dir: template, hostVar: path.join(dir, 'hostvar') }, { phase: 'runtime' });
    expect((await readdir(template)).sort()).toEqual(['emulab', 'lib', 'log', 'run', 'spool']);
    expect((await stat(path.join(template, 'log/syslog'))).size).toBe(0);
    expect(await readdir(path.join(template, 'lib/dpkg'))).toEqual([]);
    expect((await lstat(path.join(template, 'run'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(template, 'run'))).toBe('/run');
    expect((await stat(path.join(template, 'spool/mail'))).mode & 0o7777).toBe((await stat(path.join(dir, 'hostvar/spool/mail'))).mode & 0o7777);
    expect((await readdir(path.join(template, 'emulab'))).sort()).toEqual(['boot', 'db', 'jails', 'lock', 'logs']);
    expect(await readdir(path.join(template, 'emulab/jails'))).toEqual([]);
    await steps.undo('kill');
    await expect(stat(template)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces a half-made template left by a crash', async () => {
    const { steps, template } = await open();
    await mkdir(path.join(template, 'stale-leftover'), { recursive: true });
    await steps.run(varTemplateStep, { dir: template, hostVar: path.join(dir, 'hostvar') }, { phase: 'runtime' });
    expect(await readdir(template)).not.toContain('stale-leftover');
  });
});
