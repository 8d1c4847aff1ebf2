// Where boss is, found as tmcc finds it (BOSSNAME, then the bossnode files under
// the root), plus the host's key; resolved once per command and handed to core's
// openHost, the only way boss reaches the manager, the proxy and the backend.
import type { BossEndpoint } from '@tbvnode/core';
import path from 'node:path';
import { findBossName, findTlsFiles, readPrivateKey, resolveBoss } from '@tbvnode/tmcc';
import { CliError } from '../errors/cli-error.js';

export async function resolveBossEndpoint(o: {
  root: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<BossEndpoint> {
  const env = { ...o.env };
  // Emulab would go on to look up the literal name UNKNOWN; say what to set instead.
  if ((await findBossName({ root: o.root, env })).source === 'unknown') {
    throw new CliError('NO_BOSS', `no boss: set BOSSNAME or ${path.join(path.resolve(o.root), 'etc/emulab/bossnode')}`);
  }
  const boss = await resolveBoss({ root: o.root, env });
  const privKey = await readPrivateKey({ root: o.root });
  const tls = env['TMCCNOSSL'] !== undefined ? null : await findTlsFiles(o.root);
  return {
    name: boss.name,
    target: { kind: 'tcp', host: boss.address, ports: boss.ports, tls },
    ...(privKey === undefined ? {} : { privKey }),
  };
}
