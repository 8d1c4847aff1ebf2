// The README's main command: a 3-vnode, 2-LAN experiment booted by the real CLI
// with the Linux backend inside a throwaway physical host, with the boss
// simulator playing boss on the host's control net. Shows the vnodes working,
// kills them, and proves the machine is exactly as before.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadExperiment } from '@tbvnode/test-fixtures';
import { createThrowawayHost, type ThrowawayHost } from '@tbvnode/test-host';
import { runChecks, type VnodeUnderTest } from './checks.js';
import { startLineProcess, type LineProcess } from './line-process.js';
import { formatStatusTable } from './status-table.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BOSS_BIN = path.join(REPO, 'test-fixtures/bin/tbvnode-boss.js');
const cliBin = (name: string): string => path.join(REPO, 'packages/cli/bin', `${name}.js`);
const BOSS_PORT = 7777;

const HELP = `usage: npm start [-- --keep] [-- --experiment NAME]

Boots Emulab's 3-vnode, 2-LAN demo experiment with the linux-vserver backend
inside a throwaway "physical host" (its own network namespaces and root dir),
checks that the vnodes work, kills them and verifies nothing was left behind.
Needs root on Linux. Touches nothing outside the throwaway host.

  --keep              leave the vnodes running until Ctrl-C, for exploring
  --experiment NAME   a bundled boss-simulator experiment (default three-vnodes)
`;

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

interface BossEvents {
  states: Map<string, string[]>;
}

function trackBoss(line: string, ev: BossEvents): void {
  if (!line.startsWith('{')) return;
  const e = JSON.parse(line) as { event?: string; vnodeId?: string; state?: string };
  if (e.event !== 'state' || e.vnodeId === undefined || e.state === undefined) return;
  ev.states.set(e.vnodeId, [...(ev.states.get(e.vnodeId) ?? []), e.state]);
  say(`    boss: ${e.vnodeId} -> ${e.state}`);
}

async function waitForStates(ev: BossEvents, ids: readonly string[], state: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!ids.every((id) => ev.states.get(id)?.includes(state))) {
    if (Date.now() > end) {
      const missing = ids.filter((id) => !ev.states.get(id)?.includes(state));
      throw new Error(`boss did not hear ${state} from ${missing.join(', ')} within ${deadlineMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function firstInt(file: string): Promise<number> {
  const text = await readFile(file, 'utf8');
  const n = Number.parseInt(text.trim().split(/\s+/)[0] ?? '', 10);
  if (!Number.isInteger(n)) throw new Error(`${file} holds no pid`);
  return n;
}

async function runCli(host: ThrowawayHost, argv: readonly string[], env: NodeJS.ProcessEnv, log: string[]): Promise<void> {
  const p = startLineProcess(['nsenter', `--net=${host.netnsPath}`, '--', process.execPath, ...argv], {
    env,
    onLine: (l) => say(`    ${l}`),
    onErrLine: (l) => log.push(l),
  });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${path.basename(argv[0] ?? '')} ${argv.slice(1).join(' ')} exited ${code}`);
}

async function waitForInterrupt(): Promise<void> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { keep: { type: 'boolean', default: false }, experiment: { type: 'string', default: 'three-vnodes' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    say(HELP);
    return 0;
  }
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    process.stderr.write('demo: this builds real Linux vnodes (namespaces, veth, bridges, mounts) and needs root on Linux.\n' +
      'demo: run it as root (e.g. `sudo npm start`); `npm test` runs everything else without root and skips, loudly, what needs it.\n');
    return 1;
  }
  const experiment = loadExperiment(values.experiment);
  const ids = experiment.vnodes.map((v) => v.vnodeId);
  const cliLog: string[] = [];
  const ev: BossEvents = { states: new Map() };
  let host: ThrowawayHost | undefined;
  let boss: LineProcess | undefined;
  let env: NodeJS.ProcessEnv = {};
  let booted = false;
  let ok = false;
  try {
    say('==> creating a throwaway physical host (own network namespaces, own root dir)');
    host = await createThrowawayHost();
    say(`    netns ${host.netns}, control ${host.controlIf} ${host.controlIp}/${host.controlPrefix}, root ${host.rootDir}`);

    say(`==> starting the boss simulator on the control net (${host.gatewayIp}:${BOSS_PORT}), experiment ${experiment.name}`);
    boss = startLineProcess(
      ['nsenter', `--net=/run/netns/${host.gatewayNetns}`, '--', process.execPath, BOSS_BIN,
        '--experiment', values.experiment, '--host', host.gatewayIp, '--port', String(BOSS_PORT), '--json'],
      { onLine: (l) => trackBoss(l, ev), onErrLine: (l) => process.stderr.write(`    boss: ${l}\n`) },
    );
    await boss.waitForLine((l) => l.includes('"listening"'), 15_000, 'the boss simulator to listen');

    env = {
      PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      BOSSNAME: `${host.gatewayIp}:${BOSS_PORT}`,
      TMCCNOSSL: '1',
      TBVNODE_BACKEND: 'linux-vserver',
    };
    say(`==> bootvnodes -f (linux-vserver backend, ${ids.length} vnodes)`);
    booted = true;
    await runCli(host, [cliBin('bootvnodes'), '-f', '--root', host.rootDir, '--concurrency', '3'], env, cliLog);
    await waitForStates(ev, ids, 'ISUP', 60_000);

    const vnodes: VnodeUnderTest[] = [];
    for (const v of experiment.vnodes) {
      const configDir = path.join(host.rootDir, 'var/emulab/jails', v.vnodeId);
      vnodes.push({
        vnodeId: v.vnodeId,
        initPid: await firstInt(path.join(configDir, 'vnode.pid')),
        managerPid: await firstInt(path.join(host.rootDir, 'var/run', `tbvnode-${v.vnodeId}.pid`)),
        controlIp: (await readFile(path.join(configDir, 'root/var/emulab/boot/myip'), 'utf8')).trim(),
        lans: v.ifconfig.map((i) => ({ lan: String(i.LAN), ip: String(i.INET) })),
      });
    }
    say('\n==> status');
    say(formatStatusTable(vnodes.map((v) => ({
      vnodeId: v.vnodeId,
      bossState: ev.states.get(v.vnodeId)?.at(-1) ?? '?',
      managerPid: String(v.managerPid),
      controlIp: v.controlIp,
      experimentIps: v.lans.map((l) => `${l.ip} (${l.lan})`),
    }))));

    say('\n==> checking the vnodes');
    const failures = await runChecks(host, vnodes, say);
    if (values.keep) {
      say(`\n==> vnodes left running. Explore, e.g.:\n    ip netns exec ${host.netns} ip -br link\n` +
        vnodes.map((v) => `    nsenter -t ${v.initPid} -a /bin/sh      # a shell in ${v.vnodeId}`).join('\n') +
        '\n    Ctrl-C to kill them and clean up.');
      await waitForInterrupt();
    }
    ok = failures === 0;
    if (!ok) say(`\n${failures} check(s) failed`);
  } catch (err) {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    if (cliLog.length > 0) process.stderr.write(`demo: last CLI log lines:\n${cliLog.slice(-20).join('\n')}\n`);
  } finally {
    ok = (await teardown(host, boss, booted, env, ids, ev, cliLog)) && ok;
  }
  say(ok ? '\n==> demo passed: vnodes booted, worked, and left nothing behind' : '\n==> demo FAILED');
  return ok ? 0 : 1;
}

async function teardown(
  host: ThrowawayHost | undefined, boss: LineProcess | undefined, booted: boolean,
  env: NodeJS.ProcessEnv, ids: readonly string[], ev: BossEvents, cliLog: string[],
): Promise<boolean> {
  let ok = true;
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      ok = false;
      process.stderr.write(`demo: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  };
  if (host && booted) {
    say('\n==> bootvnodes -f -k (kill every vnode)');
    await attempt('killing the vnodes', () => runCli(host, [cliBin('bootvnodes'), '-f', '-k', '--root', host.rootDir], env, cliLog));
    if (boss) await attempt('waiting for SHUTDOWN', () => waitForStates(ev, ids, 'SHUTDOWN', 10_000));
  }
  if (boss) await attempt('stopping the boss simulator', () => boss.stop());
  if (host) {
    say('==> destroying the throwaway host and comparing the machine with before');
    await attempt('destroying the throwaway host', () => host.destroy());
    if (ok) say('    links, namespaces, mounts, processes and files: as before');
  }
  return ok;
}
