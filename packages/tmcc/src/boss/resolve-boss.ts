// Boss discovery (TMCD-PROTOCOL.md §2): -s, then BOSSNAME, then the first readable
// bossnode file, then reverse DNS of the first nameserver, else UNKNOWN; then the
// name must resolve to an IPv4 address, even in modes that never use it.
import { join } from 'node:path';
import { CONFIG_DIRS, TMCD_PORTS } from '../constants.js';
import { TmccError } from '../errors.js';
import { defaultBossDeps, readFirstLine, type BossDeps } from './fs-deps.js';
import { splitHostPort } from './parse-port.js';
import { ignoreFailure } from '../shared/ignore-failure.js';

export interface ResolveBossParams {
  root: string;
  env: Record<string, string | undefined>;
  /** -s: taken verbatim (no :port). */
  server?: string;
  /** -p: the only port, overriding any from BOSSNAME or bossnode. */
  port?: number;
  deps?: Partial<BossDeps>;
}

export interface BossInfo {
  name: string;
  address: string;
  ports: number[];
}

export type BossSource = 'option' | 'env' | 'bossnode' | 'resolver' | 'unknown';

export async function findBossName(p: ResolveBossParams): Promise<{ name: string; port?: number; source: BossSource }> {
  const deps = { ...defaultBossDeps, ...p.deps };
  if (p.server !== undefined) return { name: p.server, source: 'option' };
  const env = p.env['BOSSNAME'];
  if (env !== undefined) return { ...toNamed(splitHostPort(env, 'BOSSNAME')), source: 'env' };
  for (const dir of CONFIG_DIRS) {
    const line = await readFirstLine(deps, join(p.root, dir, 'bossnode'));
    if (line === undefined) continue;
    // A readable but empty file ends the search, as in Emulab.
    if (line === '') break;
    return { ...toNamed(splitHostPort(line, join('/', dir, 'bossnode'))), source: 'bossnode' };
  }
  const ns = await firstNameserver(deps, p.root);
  const reverse = ns === undefined ? undefined : await ignoreFailure(deps.reverse(ns), undefined, 'no reverse name: Emulab falls back to the literal UNKNOWN');
  if (reverse !== undefined) return { name: reverse, source: 'resolver' };
  return { name: 'UNKNOWN', source: 'unknown' };
}

function toNamed(hp: { host: string; port?: number }): { name: string; port?: number } {
  return hp.port === undefined ? { name: hp.host } : { name: hp.host, port: hp.port };
}

async function firstNameserver(deps: BossDeps, root: string): Promise<string | undefined> {
  const data = await ignoreFailure(deps.readFile(join(root, 'etc/resolv.conf')), undefined, 'no resolv.conf: no nameserver to ask');
  if (data === undefined) return undefined;
  for (const line of data.toString('utf8').split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

export async function resolveBoss(p: ResolveBossParams): Promise<BossInfo> {
  const deps = { ...defaultBossDeps, ...p.deps };
  const found = await findBossName(p);
  let address: string;
  try {
    if (found.name === '') throw new Error('empty name');
    address = await deps.lookup(found.name);
  } catch (err) {
    throw new TmccError('TMCC_RESOLVE', `gethostbyname(${found.name}) failed`, { cause: err });
  }
  let ports: number[] = [...TMCD_PORTS];
  if (p.port !== undefined) ports = [p.port];
  else if (found.port !== undefined) ports = [found.port];
  return { name: found.name, address, ports };
}
