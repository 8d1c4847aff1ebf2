import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestHost, waitUntil, type TestHost } from '../helpers/host.js';

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
  let text = '';
  await waitUntil(`the summary in ${log}`, async () => (text = await fsp.readFile(log, 'utf8').catch(() => '')).includes('boot pcvm1-3: ok'));
  expect(text).toContain('boot pcvm1-1: ok');
});
