// A throwaway host with the boss simulator running inside it (its own process,
// its log under the host's root) and the environment that points the CLI at it:
// the setup the CLI end-to-end tests of this directory share.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StartedProcess } from '@tbvnode/core';
import { waitUntil } from '@tbvnode/test-fixtures';
import { createThrowawayHost, type ThrowawayHost } from '@tbvnode/test-host';

const BOSS_BIN = fileURLToPath(new URL('../../../test-fixtures/bin/tbvnode-boss.js', import.meta.url));

export interface BossHost {
  readonly host: ThrowawayHost;
  readonly boss: StartedProcess;
  readonly bossLog: string;
  /** TBVNODE_ROOT and BOSSNAME (and TBVNODE_BACKEND when one was named). */
  readonly env: Record<string, string>;
  /** Stops boss and destroys the host (destroy() fails on anything left behind). */
  close(): Promise<void>;
}

export async function startBossHost(o: { backend?: string } = {}): Promise<BossHost> {
  const host = await createThrowawayHost();
  const bossLog = `${host.rootDir}/boss.log`;
  const boss = await host.runner.start([process.execPath, BOSS_BIN, '-p', '0'], { stdout: { file: bossLog }, stderr: { file: bossLog } });
  const close = async (): Promise<void> => {
    boss.kill('SIGTERM');
    await boss.exited;
    await host.destroy();
  };
  let port: string | undefined;
  const listening = async () => (port = /ports (\d+)/.exec(await readFile(bossLog, 'utf8').catch(() => ''))?.[1]) !== undefined;
  if (!(await waitUntil(listening, { timeoutMs: 10_000 }))) {
    await close();
    throw new Error(`boss did not print its port: ${await readFile(bossLog, 'utf8').catch(() => '')}`);
  }
  const env: Record<string, string> = { TBVNODE_ROOT: host.rootDir, BOSSNAME: `127.0.0.1:${port}` };
  if (o.backend) env['TBVNODE_BACKEND'] = o.backend;
  return { host, boss, bossLog, env, close };
}
