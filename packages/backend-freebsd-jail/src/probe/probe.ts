// Read-only prerequisite checks for `tbvnode doctor`; also the host facts the
// capability report needs. Never changes the host.
import type { CommandRunner, CoreDeps, ProbeCheck, ProbeReport } from '@tbvnode/core';
import type { HostFacts } from '../capability/types.js';
import { FreebsdJailError } from '../errors.js';
import { parseFibs, parseJailParams, parseWhich } from '../parse/freebsd-output.js';
import { COMMAND_TIMEOUT_MS } from '../steps/commands.js';
import { secretsInTemplate } from './etc-secrets.js';

export const TOOLS = [
  'jail', 'jls', 'jexec', 'mdconfig', 'newfs', 'tunefs', 'fsck', 'mount', 'mount_nullfs', 'umount', 'devfs',
  'route', 'ifconfig', 'mtree', 'pwd_mkdb', 'truncate', 'pkill', 'sysctl', 'rctl',
] as const;

const JAIL_PARAMS = ['allow.set_hostname', 'allow.raw_sockets', 'sysvmsg', 'sysvsem', 'sysvshm'] as const;

async function quiet(runner: CommandRunner, argv: readonly [string, ...string[]]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const r = await runner.run(argv, { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
    return { ok: r.exitCode === 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    return { ok: false, stdout: '', stderr: (err as Error).message };
  }
}

/** What create() decides with; a host that cannot answer fails loudly, never "no options". */
export async function readHostFacts(runner: CommandRunner): Promise<HostFacts> {
  const params = await runner.run(['sysctl', '-N', 'security.jail.param'], { timeoutMs: COMMAND_TIMEOUT_MS });
  const jailParams = parseJailParams(params.stdout);
  if (jailParams.length === 0) throw new FreebsdJailError('FBSD_BAD_OUTPUT', 'sysctl -N security.jail.param listed no jail parameters');
  const fibsOut = (await runner.run(['sysctl', '-n', 'net.fibs'], { timeoutMs: COMMAND_TIMEOUT_MS })).stdout;
  const fibs = parseFibs(fibsOut);
  if (fibs === null) throw new FreebsdJailError('FBSD_BAD_OUTPUT', `net.fibs is ${JSON.stringify(fibsOut.trim())}`);
  // Absent (a kernel without RACCT: "unknown oid") or 0: no limits, reported per limit.
  const racct = await runner.run(['sysctl', '-n', 'kern.racct.enable'], { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  return { jailParams, fibs, racct: racct.exitCode === 0 && racct.stdout.trim() === '1' };
}

/** `etcTemplate`: the jails' /etc template, checked for host secrets when it exists. */
export async function probeFreebsd(deps: Pick<CoreDeps, 'runner' | 'fs'>, devfsRulesetBase: number, etcTemplate: string): Promise<ProbeReport> {
  const { runner } = deps;
  const checks: ProbeCheck[] = [];
  const uid = process.getuid?.();
  checks.push({ name: 'root', ok: uid === 0, ...(uid === 0 ? {} : { detail: 'jails, md devices and mounts need root' }) });
  const which = await quiet(runner, ['which', ...TOOLS]);
  const found = parseWhich(which.stdout);
  for (const t of TOOLS) checks.push({ name: `command ${t}`, ok: found.has(t), ...(found.has(t) ? {} : { detail: 'part of the FreeBSD base system: is this FreeBSD 13 or 14?' }) });
  const params = await quiet(runner, ['sysctl', '-N', 'security.jail.param']);
  const known = new Set(parseJailParams(params.stdout));
  checks.push({ name: 'jail parameters', ok: known.size > 0, detail: known.size > 0 ? `${known.size} known` : `sysctl -N security.jail.param: ${params.stderr.trim()}` });
  // Informational: a missing one makes its jailconfig key "refused", not the host unusable.
  for (const p of JAIL_PARAMS) checks.push({ name: `jail parameter ${p}`, ok: true, detail: known.has(p) ? 'present' : 'absent: the key that needs it is refused' });
  const fibs = parseFibs((await quiet(runner, ['sysctl', '-n', 'net.fibs'])).stdout);
  checks.push({ name: 'net.fibs', ok: fibs !== null, detail: fibs === null ? 'cannot read net.fibs' : fibs > 1 ? `${fibs} FIBs: jails get FIBs 1..${fibs - 1}` : 'net.fibs=1: jails share the host routing table (set net.fibs=16 in /boot/loader.conf)' });
  const racct = (await quiet(runner, ['sysctl', '-n', 'kern.racct.enable'])).stdout.trim();
  checks.push({ name: 'kern.racct.enable', ok: true, detail: racct === '1' ? 'on: rctl limits possible' : 'off: no rctl limits (kern.racct.enable=1 in /boot/loader.conf)' });
  const jailRules = await quiet(runner, ['devfs', 'rule', '-s', '4', 'show']);
  checks.push({ name: 'devfs ruleset 4 (devfsrules_jail)', ok: jailRules.ok && jailRules.stdout.trim() !== '', ...(jailRules.stdout.trim() !== '' ? {} : { detail: 'not loaded: service devfs restart' }) });
  const ours = await quiet(runner, ['devfs', 'rule', '-s', String(devfsRulesetBase), 'show']);
  checks.push({ name: `devfs ruleset ${devfsRulesetBase}`, ok: true, detail: ours.stdout.trim() === '' ? 'free (made by prepareHost)' : 'holds rules (ours if this host is prepared; else set devfsRuleset)' });
  const secrets = await secretsInTemplate(deps.fs, etcTemplate);
  checks.push({
    name: 'host secrets',
    ok: secrets === null || secrets.length === 0,
    detail: secrets === null ? `no /etc template yet; prepareHost makes ${etcTemplate} without secrets`
      : secrets.length === 0 ? `${etcTemplate} holds no key, certificate or password hash`
        : `a jail would see host secrets in ${etcTemplate}: ${secrets.slice(0, 8).join(', ')}`,
  });
  return { backend: 'freebsd-jail', usable: checks.every((c) => c.ok), checks };
}
