// An operator's day through the real bins (process backend): status, logs,
// exec, console, a manager killed with -9 and recovered.
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, waitUntil, type TestHost } from '../helpers/host.js';
import { BIN_DIR, runBin } from '../helpers/run-bin.js';

const ID = 'pcvm1-1';
let host: TestHost;
beforeEach(async () => {
  host = await startTestHost();
  const boot = await host.run('vnodesetup', ['-i', '-b', ID]);
  expect(boot.code, boot.stderr).toBe(0);
});
afterEach(async () => {
  await host.cleanup();
});

// Starts a following command; waitFor(re) resolves once re matched its stdout; end() sends SIGINT.
function follow(args: readonly string[]) {
  const child = spawn(process.execPath, [path.join(BIN_DIR, 'tbvnode.js'), ...args], { env: host.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    waitFor: (want: RegExp) => waitUntil(`${args.join(' ')} to print ${want}`, () => want.test(out)),
    end: () => {
      child.kill('SIGINT');
      return closed;
    },
  };
}

describe('tbvnode exec', () => {
  it('runs in the vnode with a clean environment: no BOSSNAME or TBVNODE_ROOT from the operator', { timeout: 60_000 }, async () => {
    expect(host.env['BOSSNAME']).toBeDefined();
    const r = await host.run('tbvnode', ['exec', ID, '--', 'sh', '-c', 'pwd; env']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(path.join(host.paths(ID).configDir, 'root'));
    expect(r.stdout).toContain('PATH=/usr/local/sbin:');
    expect(r.stdout).not.toMatch(/BOSSNAME|TBVNODE_ROOT|TBVNODE_BACKEND/);
  });

  it("returns the command's exit status", { timeout: 60_000 }, async () => {
    expect((await host.run('tbvnode', ['exec', ID, '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
  });

  it('refuses a vnode that is not running, saying where to look', { timeout: 60_000 }, async () => {
    const r = await host.run('tbvnode', ['exec', 'pcvm1-2', '--', 'true']);
    expect(r.code).toBe(69);
    expect(r.stderr).toBe('*** tbvnode exec: pcvm1-2 is not running (see `tbvnode status pcvm1-2`)\n');
  });
});

describe('tbvnode logs and console', () => {
  it('shows the manager log readable, raw with --json, filtered by --since, and keeps it and the console after -k', { timeout: 60_000 }, async () => {
    const r = await host.run('tbvnode', ['logs', ID]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  manager started {2}vnode=pcvm1-1$/m);
    const raw = await host.run('tbvnode', ['logs', ID, '--json']);
    expect(raw.stdout.split('\n').filter(Boolean).every((l) => typeof JSON.parse(l).time === 'number')).toBe(true);
    const future = await host.run('tbvnode', ['logs', ID, '--since', new Date(Date.now() + 3_600_000).toISOString()]);
    expect(future.stdout).toBe('');
    expect((await host.run('tbvnode', ['logs', ID, '--since', 'yesterday-ish'])).code).toBe(64);
    expect((await host.run('vnodesetup', ['-i', '-k', ID])).code).toBe(0);
    const after = await host.run('tbvnode', ['logs', ID]);
    expect(after.stdout).toMatch(/INFO {2}manager done/);
    // The config dir is gone with -k; the console was kept in the host's logs dir.
    const kept = await host.run('tbvnode', ['logs', ID, '--console']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/rc: vnode pcvm1-1 is up/);
  });

  it('logs -f prints new lines as the manager writes them; Ctrl-C ends it with 0', { timeout: 60_000 }, async () => {
    const f = follow(['logs', '-f', ID]);
    await f.waitFor(/manager started/);
    expect((await host.run('vnodesetup', ['-i', '-h', ID])).code).toBe(0);
    await f.waitFor(/reported state to boss .*state=SHUTDOWN/);
    expect(await f.end()).toBe(0);
  });

  it("console follows the vnode's own output", { timeout: 60_000 }, async () => {
    const f = follow(['console', ID]);
    await f.waitFor(/rc: vnode pcvm1-1 is up/);
    expect(await f.end()).toBe(0);
  });
});

describe('vnodesetup -r with changed backend options', () => {
  it('says the running manager keeps its options and how to apply the new ones', { timeout: 60_000 }, async () => {
    const r = await runBin('vnodesetup', ['-i', '-r', ID], { env: { ...host.env, TBVNODE_BACKEND_OPTIONS: '{"stopGraceMs":500}' }, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`vnodesetup: ${ID}'s manager runs with TBVNODE_BACKEND_OPTIONS=(unset); -r keeps them. To apply {"stopGraceMs":500}: vnodesetup -i -h ${ID} && vnodesetup -i -b ${ID}`);
    const same = await host.run('vnodesetup', ['-i', '-r', ID]);
    expect(same.stderr).not.toContain('-r keeps them');
  });
});

describe('tbvnode status asks the vnode\'s backend', () => {
  it('shows its backend and that backend\'s view: running, then stopped after -h', { timeout: 60_000 }, async () => {
    const up = await host.run('tbvnode', ['status', ID, '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout).vnodes[0]).toMatchObject({ vnodeId: ID, state: 'running', backend: 'process', backendState: 'running' });
    const table = await host.run('tbvnode', ['status', ID]);
    expect(table.stdout).toMatch(new RegExp(`^${ID}\\s+running\\s+\\S+\\s+process \\(running\\)`, 'm'));
    expect((await host.run('vnodesetup', ['-i', '-h', ID])).code).toBe(0);
    const down = JSON.parse((await host.run('tbvnode', ['status', ID, '--json'])).stdout).vnodes[0];
    expect(down).toMatchObject({ state: 'halted', backend: 'process', backendState: 'stopped' });
  });
});

describe('a manager killed with -9', () => {
  it('shows as orphaned with the command that recovers it; vnodesetup -h does', { timeout: 60_000 }, async () => {
    const pid = Number((await fsp.readFile(host.paths(ID).pidFile, 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await waitUntil('the manager to die', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    const st = await host.run('tbvnode', ['status', ID, '--json']);
    const row = JSON.parse(st.stdout).vnodes[0];
    // The rc outlives its manager: the backend still sees the vnode running.
    expect(row).toMatchObject({ vnodeId: ID, state: 'orphaned', manager: 'stale', backendState: 'running' });
    expect(row.hint).toContain(`vnodesetup -i -h ${ID}`);
    expect((await host.run('vnodesetup', ['-i', '-h', ID])).code).toBe(0);
    const again = JSON.parse((await host.run('tbvnode', ['status', ID, '--json'])).stdout).vnodes[0];
    expect(again).toMatchObject({ state: 'halted', manager: 'none', backendState: 'stopped' });
  });
});
