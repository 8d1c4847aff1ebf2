import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../helpers/host.js';

let host: TestHost;
beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  // The background run may still be finishing its last vnode.
  await Promise.all(['pcvm1-1', 'pcvm1-2', 'pcvm1-3'].map((id) => host.boss.waitForState(id, 'ISUP', 30_000).catch(() => undefined)));
  await host.cleanup();
});

it('bootvnodes without -f returns at once and boots in the background, logging to bootvnodes.debug', { timeout: 60_000 }, async () => {
  const r = await host.run('bootvnodes', []);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('continuing in the background');
  for (const id of ['pcvm1-1', 'pcvm1-2', 'pcvm1-3']) await host.boss.waitForState(id, 'ISUP', 30_000);
  const log = path.join(host.root, 'var/emulab/logs/bootvnodes.debug');
  // The summary is the last thing the background run writes.
  const deadline = Date.now() + 15_000;
  let text = '';
  while (!(text = await fsp.readFile(log, 'utf8').catch(() => '')).includes('boot pcvm1-3: ok')) {
    if (Date.now() > deadline) throw new Error(`no summary in ${log}:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(text).toContain('boot pcvm1-1: ok');
});
