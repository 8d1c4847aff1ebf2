// The host-boot packaging: the systemd unit (checked by systemd-analyze when it
// is installed) and FreeBSD's rc.d script (sh -n, and a table of what each rc
// command runs, under a stand-in rc.subr that follows FreeBSD's).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';

const run = promisify(execFile);
const PKG = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = path.join(PKG, 'packaging/systemd/tbvnode.service');
const RC = path.join(PKG, 'packaging/freebsd/tbvnode');
const FAKE_SUBR = fileURLToPath(new URL('./fake-rc.subr', import.meta.url));

/** Pure enough for a test: the unit's [Service] keys (last one wins, as systemd). */
async function serviceKeys(): Promise<Record<string, string>> {
  const text = await fsp.readFile(UNIT, 'utf8');
  const body = text.split(/^\[Service\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  return Object.fromEntries(body.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('systemd unit', () => {
  it('start, stop and reload are bootvnodes -f, -f -h, -f -c; managers are not killed with the unit', async () => {
    const k = await serviceKeys();
    expect(k['ExecStart']).toBe('/usr/local/bin/bootvnodes -f $BOOTVNODES_ARGS');
    expect(k['ExecStop']).toBe('/usr/local/bin/bootvnodes -f -h');
    expect(k['ExecReload']).toBe('/usr/local/bin/bootvnodes -f -c');
    expect(k['KillMode']).toBe('process');
    expect(k['EnvironmentFile']).toBe('-/etc/default/tbvnode');
    expect(k['Type']).toBe('oneshot');
    expect(k['RemainAfterExit']).toBe('yes');
  });

  const analyze = '/usr/bin/systemd-analyze';
  const have = existsSync(analyze);
  it.skipIf(skipBecause(!have, 'systemd-analyze is not installed (Debian package systemd); the unit is not verified'))('systemd-analyze verify accepts it without a warning', async () => {
    // verify checks that the commands exist: point them at this package's bins.
    const dir = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-unit-'));
    try {
      const unit = (await fsp.readFile(UNIT, 'utf8')).replaceAll('/usr/local/bin/bootvnodes ', `${PKG}bin/bootvnodes.js `);
      await fsp.writeFile(path.join(dir, 'tbvnode.service'), unit);
      const r = await run(analyze, ['verify', '--man=no', path.join(dir, 'tbvnode.service')]);
      expect(r.stderr).toBe('');
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('FreeBSD rc.d/tbvnode', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-rcd-'));
    // Stand-in bins that record their argv and the BOSSNAME they were given.
    for (const bin of ['bootvnodes', 'tbvnode']) {
      await fsp.writeFile(path.join(dir, bin), `#!/bin/sh\necho "${bin} $* [BOSSNAME=$BOSSNAME]" >> "${dir}/calls"\n`, { mode: 0o755 });
    }
    const script = (await fsp.readFile(RC, 'utf8')).replace('. /etc/rc.subr', `. ${FAKE_SUBR}`);
    expect(script).toContain(`. ${FAKE_SUBR}`);
    await fsp.writeFile(path.join(dir, 'tbvnode.rc'), script, { mode: 0o755 });
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('parses (sh -n)', async () => {
    await run('sh', ['-n', RC]);
  });

  const conf = (enable: string) => `tbvnode_enable="${enable}"\ntbvnode_bindir="DIR"\ntbvnode_flags="--concurrency 2"\ntbvnode_env="BOSSNAME=boss.example.net"\n`;
  it.each([
    ['start', 'YES', ['bootvnodes -f --concurrency 2 [BOSSNAME=boss.example.net]']],
    ['stop', 'YES', ['bootvnodes -f -h [BOSSNAME=boss.example.net]']],
    ['reload', 'YES', ['bootvnodes -f -c [BOSSNAME=boss.example.net]']],
    ['status', 'YES', ['tbvnode status [BOSSNAME=boss.example.net]']],
    ['restart', 'YES', ['bootvnodes -f -h [BOSSNAME=boss.example.net]', 'bootvnodes -f --concurrency 2 [BOSSNAME=boss.example.net]']],
    ['start', 'NO', []],
    ['stop', 'NO', []],
    ['onestart', 'NO', ['bootvnodes -f --concurrency 2 [BOSSNAME=boss.example.net]']],
    ['status', 'NO', ['tbvnode status [BOSSNAME=boss.example.net]']],
  ])('%s with tbvnode_enable=%s runs %j', async (arg, enable, calls) => {
    await fsp.rm(path.join(dir, 'calls'), { force: true });
    const rcConf = path.join(dir, 'rc.conf');
    await fsp.writeFile(rcConf, conf(enable).replace('DIR', dir));
    const r = await run('sh', [path.join(dir, 'tbvnode.rc'), arg], { env: { PATH: '/usr/bin:/bin', FAKE_RC_CONF: rcConf } });
    const recorded = (await fsp.readFile(path.join(dir, 'calls'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    expect(recorded).toEqual(calls);
    if (enable === 'NO' && !arg.startsWith('one') && arg !== 'status') {
      expect(r.stdout).toBe(`Cannot '${arg}' tbvnode. Set tbvnode_enable to YES in /etc/rc.conf or use 'one${arg}' instead of '${arg}'.\n`);
    }
  });

  it('an unknown command is refused', async () => {
    await expect(run('sh', [path.join(dir, 'tbvnode.rc'), 'frobnicate'], { env: { PATH: '/usr/bin:/bin' } })).rejects.toMatchObject({ code: 1 });
  });
});
