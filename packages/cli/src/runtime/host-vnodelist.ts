// Asking boss which vnodes this host should run (`tmcc vnodelist` as the host).
import { isValidVnodeId, type BossEndpoint, type VnodeEntry } from '@tbvnode/core';
import type { Logger } from 'pino';
import { createTmccClient, parseVnodeList } from '@tbvnode/tmcc';

export async function fetchVnodeList(root: string, boss: BossEndpoint, log: Logger): Promise<VnodeEntry[]> {
  const tmcc = createTmccClient({
    root, target: boss.target, useCache: false, useProxyPath: false,
    ...(boss.privKey === undefined ? {} : { privKey: boss.privKey }),
  });
  const reply = await tmcc.request('vnodelist', [], { timeoutMs: 30_000, signal: AbortSignal.timeout(30_000) });
  const skip = (line: string) => log.warn({ line }, 'skipping bad vnodelist line');
  const entries = parseVnodeList(reply.toString('utf8'), skip);
  // Our id rule is stricter than the wire's (length, no leading '-').
  return entries.filter((v) => isValidVnodeId(v.vnodeId) || (skip(v.vnodeId), false));
}
