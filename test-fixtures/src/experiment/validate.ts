// A cheap structural check of fixture JSON, so a typo in a fixture fails
// loudly at load time instead of as an empty reply deep inside a test.
import { BossError } from '../errors.js';
import type { Experiment } from './types.js';

const VNODE_ID = /^[A-Za-z0-9_-]{1,30}$/;

function fail(where: string, what: string): never {
  throw new BossError('BOSS_FIXTURE_INVALID', `${where}: ${what}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

// What tmcd's formats need of the data (tmcd.c doaccounts, doifconfig, dohosts).
function checkFormats(v: Record<string, unknown>, at: string): void {
  const acc = v['accounts'] as { users: unknown[] };
  acc.users.forEach((u, j) => {
    const serial = isObject(u) ? u['serial'] : undefined;
    if (typeof serial !== 'number' || !Number.isSafeInteger(serial) || serial < 0) {
      fail(`${at}.accounts.users[${j}]`, 'serial must be a UNIX timestamp (a non-negative integer), as tmcd sends');
    }
  });
  const macs = new Set((v['ifconfig'] as unknown[]).map((f) => (isObject(f) && 'MAC' in f ? String(f['MAC']) : undefined)));
  const settings = v['interfaceSettings'];
  if (settings !== undefined) {
    if (!Array.isArray(settings)) fail(at, 'interfaceSettings must be an array');
    settings.forEach((st: unknown, j: number) => {
      if (!isObject(st) || !macs.has(String(st['mac']))) {
        fail(`${at}.interfaceSettings[${j}]`, 'mac must be the MAC= of one of its physical interfaces (tmcd sends settings for those only)');
      }
    });
  }
  (v['hostnames'] as unknown[]).forEach((h, j) => {
    const aliases = isObject(h) ? h['aliases'] : undefined;
    if (!Array.isArray(aliases) || aliases.length < 1 || aliases.length > 2) {
      fail(`${at}.hostnames[${j}]`, 'aliases must be [vname-N] or [vname-N, vname], as tmcd sends');
    }
  });
}

export function validateExperiment(data: unknown, where: string): Experiment {
  if (!isObject(data)) fail(where, 'not a JSON object');
  for (const key of ['name', 'pid', 'eid'] as const) {
    if (typeof data[key] !== 'string') fail(where, `"${key}" must be a string`);
  }
  if (data.privkey !== undefined && (typeof data.privkey !== 'string' || !/^[0-9a-fA-F]{16,128}$/.test(data.privkey))) {
    fail(where, '"privkey" must be 16..128 hex digits');
  }
  const boss = data.boss;
  if (!isObject(boss) || typeof boss.name !== 'string' || typeof boss.ip !== 'string') {
    fail(where, '"boss" needs name and ip');
  }
  const host = data.host;
  if (!isObject(host) || typeof host.nodeId !== 'string' || typeof host.controlIp !== 'string') {
    fail(where, '"host" needs nodeId and controlIp');
  }
  if (!Array.isArray(data.vnodes)) fail(where, '"vnodes" must be an array');
  if (!Array.isArray(data.lans)) fail(where, '"lans" must be an array');
  const seen = new Set<string>();
  data.vnodes.forEach((v: unknown, i: number) => {
    const at = `${where}: vnodes[${i}]`;
    if (!isObject(v)) fail(at, 'not an object');
    if (typeof v.vnodeId !== 'string' || !VNODE_ID.test(v.vnodeId)) fail(at, 'vnodeId must match [A-Za-z0-9_-]{1,30}');
    if (seen.has(v.vnodeId)) fail(at, `duplicate vnodeId ${v.vnodeId}`);
    seen.add(v.vnodeId);
    if (typeof v.nickname !== 'string') fail(at, 'nickname must be a string');
    if (!isObject(v.jailconfig)) fail(at, 'jailconfig must be an object');
    if (!Array.isArray(v.ifconfig) || !Array.isArray(v.hostnames)) fail(at, 'ifconfig and hostnames must be arrays');
    const acc = v.accounts;
    if (!isObject(acc) || !Array.isArray(acc.groups) || !Array.isArray(acc.users) || !Array.isArray(acc.pubkeys)) {
      fail(at, 'accounts needs groups, users, pubkeys arrays');
    }
    const mounts = v.mounts;
    if (!isObject(mounts) || typeof mounts.fstype !== 'string' || !Array.isArray(mounts.mounts)) {
      fail(at, 'mounts needs fstype and mounts');
    }
    checkFormats(v, at);
  });
  return data as unknown as Experiment;
}
