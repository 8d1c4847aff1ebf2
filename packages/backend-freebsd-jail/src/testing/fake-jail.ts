// Fake jail(8), jls and jexec. A jail's processes are fake: jail(8)
// lives as long as injail; injail honours USR1 (ends the jail), ignores TERM,
// dies of KILL; a jail without persist disappears with its last process.
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INJAIL_PIDFILE_INSIDE } from '../plan/jail-plan.js';
import { returnVnetIfaces } from './fake-clone.js';
import { ifconfigCmd } from './fake-net.js';
import { fail, ok, type FakeJail, type FakeProc, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

const PSEUDO = /^(command|exec\.[a-z_.]+|mount\.[a-z_.]+)$/;

function knownParam(h: FakeFreebsdHost, key: string): boolean {
  if (PSEUDO.test(key) || h.jailParams.includes(key)) return true;
  // Boolean parameters also come as "no" forms: allow.noset_hostname.
  const m = /^(.*\.)?no([^.]+)$/.exec(key);
  return m !== null && h.jailParams.includes(`${m[1] ?? ''}${m[2]}`);
}

/**
 * A clean login environment for root, as jail(8)'s exec.clean (usr.sbin/jail/command.c) and
 * `jexec -l` (usr.sbin/jexec/jexec.c) make it: environ emptied, PATH=/bin:/usr/bin, TERM kept,
 * the login class's settings (not modelled), then USER, HOME and SHELL from root's passwd entry.
 */
function cleanLoginEnv(): Record<string, string | undefined> {
  return { PATH: '/bin:/usr/bin', HOME: '/root', SHELL: '/bin/csh', USER: 'root', TERM: process.env['TERM'] };
}

/** `jail -c k=v … command=prog args`: returns jail(8)'s process. */
export function startJail(h: FakeFreebsdHost, argv: readonly string[], say: (msg: string) => void, out: (msg: string) => void = say): FakeProc {
  const proc = h.newProc(argv);
  const die = (msg: string): FakeProc => {
    say(`jail: ${msg}`);
    queueMicrotask(() => proc.exit({ exitCode: 1, signal: null }));
    return proc;
  };
  const cmdAt = argv.findIndex((a) => a.startsWith('command='));
  const params = new Map<string, string>();
  for (const tok of argv.slice(2, cmdAt === -1 ? undefined : cmdAt)) {
    const eq = tok.indexOf('=');
    params.set(eq === -1 ? tok : tok.slice(0, eq), eq === -1 ? 'true' : tok.slice(eq + 1));
  }
  for (const key of params.keys()) if (!knownParam(h, key)) return die(`unknown parameter: ${key}`);
  const name = params.get('name');
  const root = params.get('path');
  if (!name || !root) return die('name and path are required');
  if (h.jails.has(name)) return die(`${name}: jail already exists`);
  // sys/kern/kern_jail.c kern_jail_set: PR_VNET with ip4/ip6 restrictions (ip4.addr, ip4=disable) is EINVAL.
  const vnet = params.has('vnet') && params.get('vnet') !== 'inherit';
  if (vnet && (params.has('ip4.addr') || params.has('ip4'))) return die(`${name}: vnet jails cannot have IP address restrictions`);
  if (!existsSync(root)) return die(`${name}: path ${root}: No such file or directory`);
  const fib = Number(params.get('exec.fib') ?? 0);
  if (!(fib >= 0 && fib < h.fibs())) return die(`${name}: exec.fib: invalid fib number`);
  const command = cmdAt === -1 ? [] : [argv[cmdAt]?.slice('command='.length) ?? '', ...argv.slice(cmdAt + 1)];
  if (command.length > 0 && !existsSync(path.join(root, command[0] ?? ''))) return die(`${name}: exec ${command[0]}: No such file or directory`);
  const injail = h.newProc(command);
  // injail.sh writes its pid file (ours: the one part of the jail's userland the fake plays).
  const pidFile = path.join(root, INJAIL_PIDFILE_INSIDE);
  if (!existsSync(path.dirname(pidFile))) {
    injail.exit({ exitCode: 2, signal: null });
    return die(`${name}: injail: cannot create ${pidFile}`);
  }
  writeFileSync(pidFile, `${injail.pid}\n`);
  // usr.sbin/jail/command.c: with exec.clean a clean login environment; without it, jail(8)'s own (the manager's).
  const env = params.has('exec.clean') ? cleanLoginEnv() : { ...process.env };
  const jail: FakeJail = {
    jid: ++h.lastJid, name, path: root, hostname: params.get('host.hostname') ?? '', fib,
    ips: (params.get('ip4.addr') ?? '').split(',').filter((x) => x !== ''), params: [...params.keys()], jailProc: proc.pid, injailPid: injail.pid, env,
    vnet, ifaces: new Map(),
  };
  h.jails.set(name, jail);
  // usr.sbin/jail/command.c runs command= with jail(8)'s own stdout unless exec.consolelog is set.
  const opts = injailOptions(command.slice(1));
  const vnode = opts.vnode;
  h.consoles.set(name, (msg) => out(msg.replace('<vnode>', vnode === undefined ? '' : ` (${vnode})`)));
  injail.onSignal = (sig) => {
    if (sig === 'SIGTERM') return;
    endJail(h, name, sig === 'SIGUSR1' ? 'graceful' : 'killed');
  };
  // No command after its options: injail runs /etc/rc. Its rc.d/cleanvar (libexec/rc/rc.d/cleanvar) deletes
  // every regular file under /var/run at boot, inside a jail too, after injail wrote its pid file.
  const rc = (): void => {
    cleanVarRun(path.join(root, 'var/run'));
    void h.jailRc?.(jail).catch((err: unknown) => say(`rc: ${(err as Error).message}`));
  };
  if (opts.rest.length === 0) {
    if (opts.goFile === undefined) rc();
    else whenRegularFile(path.join(root, opts.goFile), () => h.jails.get(name) === jail, rc);
  }
  return proc;
}

/** injail/injail.sh's getopts: `-v vnode`, `-w file`; the rest is its command. */
function injailOptions(args: readonly string[]): { vnode?: string; goFile?: string; rest: readonly string[] } {
  let vnode: string | undefined;
  let goFile: string | undefined;
  let k = 0;
  for (; k + 1 < args.length && (args[k] === '-v' || args[k] === '-w'); k += 2) {
    if (args[k] === '-v') vnode = args[k + 1];
    else goFile = args[k + 1];
  }
  return { ...(vnode === undefined ? {} : { vnode }), ...(goFile === undefined ? {} : { goFile }), rest: args.slice(k) };
}

/**
 * injail -w: its `[ -f file ]` loop with `sleep 0.1`, while the jail lives. (Its 60 s limit is
 * not modelled: a host that never writes the file has already failed the boot.)
 */
function whenRegularFile(file: string, alive: () => boolean, then: () => void): void {
  const check = (): void => {
    if (!alive()) return;
    if (isFile(file)) then();
    // unref: a test that drops the fake host with the jail still waiting must not hang on it.
    else setTimeout(check, 10).unref();
  };
  check();
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** sh's `[ -f p ]`: a regular file, links followed. */
function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function cleanVarRun(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) cleanVarRun(p);
    else if (st.isFile()) rmSync(p);
  }
}

export function endJail(h: FakeFreebsdHost, name: string, how: 'graceful' | 'killed'): void {
  const j = h.jails.get(name);
  if (!j) return;
  h.jails.delete(name);
  // kern_jail.c: with its last process gone the prison is removed, unless something still holds a
  // reference (a TCP socket in TIME_WAIT): then it is "dying" until that goes, its root still in use.
  // Its vnet lives as long as the prison: interfaces moved in go home only when it is really gone.
  if (h.lingerMs > 0) {
    h.dying.set(name, j);
    setTimeout(() => reapJail(h, name), h.lingerMs).unref();
  } else returnVnetIfaces(h, j);
  // injail removes its pid file when it stops everything itself (and says so: injail/injail.sh's
  // USR1 trap); a KILL leaves it behind.
  if (how === 'graceful') {
    h.consoles.get(name)?.('injail<vnode>: stopping every process');
    rmSync(path.join(j.path, INJAIL_PIDFILE_INSIDE), { force: true });
  }
  h.consoles.delete(name);
  h.procs.get(j.injailPid)?.exit(how === 'graceful' ? { exitCode: 0, signal: null } : { exitCode: null, signal: 'SIGKILL' });
  h.procs.get(j.jailProc)?.exit({ exitCode: 0, signal: null });
}

/** A dying jail's last reference goes: the prison and its vnet with it. */
export function reapJail(h: FakeFreebsdHost, name: string): void {
  const j = h.dying.get(name);
  if (!j) return;
  h.dying.delete(name);
  returnVnetIfaces(h, j);
}

export function jlsCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const name = argv[argv.indexOf('-j') + 1] ?? '';
  const withDying = argv.includes('-d');
  const find = (m: Map<string, FakeJail>): FakeJail | undefined => m.get(name) ?? [...m.values()].find((x) => String(x.jid) === name);
  const j = find(h.jails) ?? (withDying ? find(h.dying) : undefined);
  // usr.sbin/jls/jls.c prints libjail's jail_errmsg, set by kern_jail.c's kern_jail_get.
  if (!j && find(h.dying)) return fail(`jls: jail "${name}" is dying`);
  if (!j) return fail(`jls: jail "${name}" not found`);
  if (argv.includes('jid')) return ok(`${j.jid}\n`);
  return ok(`   JID  IP Address      Hostname                      Path\n${String(j.jid).padStart(6)}  ${(j.ips[0] ?? '-').padEnd(15)} ${j.hostname.padEnd(29)} ${j.path}\n`);
}

export function jexecCmd(h: FakeFreebsdHost, argv: readonly string[], callerEnv: Readonly<Record<string, string | undefined>>): Reply {
  // usr.sbin/jexec/jexec.c: -l (a clean login environment) comes before the jail.
  const clean = argv[1] === '-l';
  const [, name, ...cmd] = clean ? argv.slice(1) : argv;
  const j = h.jails.get(name ?? '');
  if (!j) return fail(`jexec: jail "${name}" not found`);
  // jexec.c: without -l, execvp keeps jexec's own environment (the caller's). With -l, a clean one, and
  // a chdir to the user's home inside the jail first: err(1, "chdir: %s") when the jail has none.
  if (clean && !isDir(path.join(j.path, 'root'))) return fail('jexec: chdir: /root: No such file or directory');
  h.jailExecs.push({ jail: j.name, argv: [...cmd], env: clean ? cleanLoginEnv() : { ...callerEnv } });
  if (cmd[0] === '/bin/pkill' && cmd[1] === '-USR1' && cmd[2] === '-F' && cmd[3]) {
    const file = path.join(j.path, cmd[3]);
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
    const target = h.procs.get(pid);
    if (!target?.alive || pid !== j.injailPid) return { exitCode: 1, stdout: '', stderr: '' };
    target.onSignal?.('SIGUSR1');
    return ok();
  }
  // The jail's /sbin is the host's (read-only nullfs); in a vnet jail ifconfig sees only the jail's interfaces.
  if (cmd[0] === '/sbin/ifconfig' && j.vnet) return ifconfigCmd(h, ['ifconfig', ...cmd.slice(1)], j.ifaces);
  return fail(`jexec: execvp: ${cmd[0]}: No such file or directory`, 127);
}

/** `exec.prestop|stop|poststop = "cmd";` lines of the blocks for `name` (or `*`) in a jail.conf. */
function hostStopCommands(conf: string, name: string): string[] {
  const out: string[] = [];
  for (const m of conf.matchAll(/([\w*.-]+)\s*\{([^}]*)\}/g)) {
    if (m[1] !== name && m[1] !== '*') continue;
    for (const c of (m[2] ?? '').matchAll(/exec\.(?:prestop|stop|poststop)\s*\+?=\s*"([^"]*)"/g)) out.push(c[1] ?? '');
  }
  return out;
}

export function jailRemoveCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const name = argv[2] ?? '';
  if (!h.jails.has(name)) return fail(`jail: "${name}" not found`);
  // usr.sbin/jail/jail.c: -r reads /etc/jail.conf when it exists and runs that jail's (or `*`'s)
  // stop commands on the host; -R removes the jail without reading any configuration.
  const conf = h.hostFiles['etc/jail.conf'];
  if (argv[1] === '-r' && conf !== undefined) h.hostCommandsRun.push(...hostStopCommands(conf, name));
  // TERM first (injail ignores it), then KILL after stop.timeout.
  endJail(h, name, 'killed');
  return ok(`${name}: removed\n`);
}
