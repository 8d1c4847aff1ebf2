import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { createThrowawayHost, type ThrowawayHost } from '../src/throwaway-host.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(skipBecause(!isRoot, 'throwaway-host tests: they need root (network namespaces, mounts)'))('createThrowawayHost', () => {
  let host: ThrowawayHost | undefined;
  afterEach(async () => {
    await host?.destroy();
    host = undefined;
  });

  it('gives a namespace with a control veth reaching its gateway, and leaves nothing behind', async () => {
    host = await createThrowawayHost();
    expect(await host.links()).toEqual(expect.arrayContaining(['lo', host.controlIf]));
    const route = await host.run(['ip', 'route', 'show', 'default']);
    expect(route.stdout).toContain(`via ${host.gatewayIp}`);
    const neigh = await host.runOnGateway(['ip', '-o', 'addr', 'show', 'dev', 'gw0']);
    expect(neigh.stdout).toContain(host.gatewayIp);
    const h = host;
    host = undefined;
    await h.destroy();
    const list = await import('node:child_process').then((cp) => cp.execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }));
    expect(list).not.toContain(h.netns);
  });

  it('detects a leak and cleans up what it owns anyway', async () => {
    host = await createThrowawayHost();
    // A process started inside the host, left running: destroy must kill it.
    const p = await host.runner.start(['sleep', '1000']);
    await host.destroy();
    const exit = await p.exited;
    expect(exit.signal).toBe('SIGKILL');
    host = undefined;
  });

  it('throws with a diff when the machine changed outside its namespaces', async () => {
    host = await createThrowawayHost();
    const h = host;
    host = undefined;
    // A child process of ours that the host did not start: it must show in the diff.
    const { spawn } = await import('node:child_process');
    const stray = spawn('sleep', ['1000'], { stdio: 'ignore' });
    try {
      await expect(h.destroy()).rejects.toThrow(/children: \d+ sleep/);
    } finally {
      stray.kill('SIGKILL');
      await new Promise((r) => stray.once('exit', r));
    }
  });

  it('finds and kills an orphan that escaped its tree but uses the root dir, and says so', async () => {
    host = await createThrowawayHost();
    const h = host;
    host = undefined;
    // sh exits at once; its background sleep is reparented away from us.
    await h.run(['sh', '-c', 'sleep 1000 >/dev/null 2>&1 &'], { cwd: h.rootDir });
    await expect(h.destroy()).rejects.toThrow(/stray processes in our namespaces/);
  });
});
