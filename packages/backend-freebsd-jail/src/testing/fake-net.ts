// Fake ifconfig, route, sysctl, which, devfs, and the small file tools
// (mtree, pwd_mkdb) with FreeBSD's messages and exit statuses.
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { cloneIfconfig } from './fake-clone.js';
import { fail, ok, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

/** `ifconfig IF` (sbin/ifconfig/ifconfig.c status, af_inet.c in_status, ifbridge.c bridge_status). */
function status(h: FakeFreebsdHost, iface: string, addrs: readonly string[]): string {
  const descr = h.clones.descr.get(iface);
  const members = [...(h.clones.members.get(iface) ?? [])];
  return [
    `${iface}: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n`,
    ...(descr ? [`\tdescription: ${descr}\n`] : []),
    ...addrs.map((a) => `\tinet ${a} netmask 0xffffffff\n`),
    ...members.map((m, i) => `\tmember: ${m} flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port ${i + 1} priority 128 path cost 2000\n`),
  ].join('');
}

/**
 * ifconfig on the host (`table` unset) or inside a vnet jail through jexec (the jail's own
 * interface table: no cloning there, only addresses).
 */
export function ifconfigCmd(h: FakeFreebsdHost, argv: readonly string[], table?: Map<string, string[]>): Reply {
  if (table === undefined) {
    const cloned = cloneIfconfig(h, argv);
    if (cloned) return cloned;
  }
  const ifaces = table ?? h.ifaces;
  // ifconfig.c main, namesonly: every interface name, space-separated, on one line.
  if (argv[1] === '-l' && argv.length === 2) return ok(`${[...ifaces.keys()].join(' ')}\n`);
  const [, iface, op, ip] = argv;
  const addrs = iface === undefined ? undefined : ifaces.get(iface);
  if (addrs === undefined) return fail(`ifconfig: interface ${iface} does not exist`);
  if (op === undefined) return ok(status(h, iface ?? '', addrs));
  // sbin/ifconfig/af_inet.c in_status: one "\tinet ADDR netmask 0xMASK" line per address.
  if (op === 'inet' && ip === undefined) return ok(status(h, iface ?? '', addrs));
  // af_link.c: `ether ADDR` sets the link-level address (SIOCSIFLLADDR); nothing the fake keeps.
  if (op === 'ether' && ip && argv.length === 4) return ok();
  if (op === 'inet' && ip && argv[4] === '-alias') {
    if (!addrs.includes(ip)) return fail("ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address");
    addrs.splice(addrs.indexOf(ip), 1);
    return ok();
  }
  if (op === 'inet' && ip) {
    // `inet A netmask M [mtu N] [up]`: SIOCAIFADDR, then the flags; an existing address is updated (in.c).
    if (!addrs.includes(ip)) addrs.push(ip);
    return ok();
  }
  if (op === 'alias' && ip) {
    // sys/netinet/in.c (in_aifaddr_ioctl): an address already on this interface is updated in place,
    // not refused: `alias` of an existing address succeeds and changes nothing we could undo.
    if (!addrs.includes(ip)) addrs.push(ip);
    return ok();
  }
  if (op === '-alias' && ip) {
    if (!addrs.includes(ip)) return fail("ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address");
    addrs.splice(addrs.indexOf(ip), 1);
    return ok();
  }
  return fail(`ifconfig: ${op}: bad value`);
}

// Routes are keyed by destination, as the kernel does.
function destOf(args: readonly string[]): string {
  return (args[0] === '-net' || args[0] === '-host' ? args[1] : args[0]) ?? '';
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

function reachable(table: Map<string, readonly string[]>, gw: string): boolean {
  for (const [dest, r] of table) {
    if (!r.includes('-iface')) continue;
    if (dest === gw) return true;
    const [net, len] = dest.split('/');
    if (net && len && Math.floor(toInt(net) / 2 ** (32 - Number(len))) === Math.floor(toInt(gw) / 2 ** (32 - Number(len)))) return true;
  }
  return false;
}

export function routeCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const a = argv.slice(1).filter((x) => x !== '-n');
  const op = a[0];
  const fibAt = a.indexOf('-fib');
  const fib = fibAt === -1 ? 0 : Number(a[fibAt + 1]);
  if (!Number.isInteger(fib) || fib < 0 || fib >= h.fibs()) return fail(`route: fib number ${a[fibAt + 1]} is invalid`);
  const args = a.filter((_x, i) => i !== 0 && (fibAt === -1 || (i !== fibAt && i !== fibAt + 1)));
  const table = h.routes.get(fib) ?? new Map<string, readonly string[]>();
  h.routes.set(fib, table);
  const dest = destOf(args);
  const kind = dest === 'default' || args[0] === '-net' ? 'net' : 'host';
  const gw = args.includes('-iface') ? args[args.indexOf('-iface') + 1] : args[args.length - 1];
  switch (op) {
    case 'flush': {
      // sbin/route/route.c flushroutes: only routes with RTF_GATEWAY go; interface routes stay.
      const gone = [...table].filter(([, r]) => !r.includes('-iface')).map(([d]) => d);
      for (const d of gone) table.delete(d);
      return ok(gone.map((d) => `${d} done\n`).join(''));
    }
    case 'add':
      if (table.has(dest)) return fail('route: writing to routing socket: File exists', 1, `add ${kind} ${dest}: gateway ${gw} fib ${fib}: route already in table\n`);
      // A gateway must be reachable through an interface route of the same FIB (sys/net/route.c
      // rt_getifa_fib; with net.add_addr_allfibs=0 a new FIB has none): else ENETUNREACH.
      if (!args.includes('-iface') && fib !== 0 && !reachable(table, gw ?? '')) {
        return fail('route: writing to routing socket: Network is unreachable', 1, `add ${kind} ${dest}: gateway ${gw} fib ${fib}: Network is unreachable\n`);
      }
      table.set(dest, args);
      return ok(`add ${kind} ${dest}: gateway ${gw} fib ${fib}\n`);
    case 'delete':
      if (!table.delete(dest)) return fail('route: writing to routing socket: No such process', 1, `delete ${kind} ${dest} fib ${fib}: not in table\n`);
      return ok(`delete ${kind} ${dest}: gateway ${gw} fib ${fib}\n`);
    default:
      return fail(`route: bad keyword: ${op}`, 64);
  }
}

export function sysctlCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const [, flag, name] = argv;
  if (flag === '-N' && name === 'security.jail.param') {
    return ok(h.jailParams.map((p) => `security.jail.param.${p}${p === 'allow' || p === 'host' ? '.' : ''}`).join('\n') + '\n');
  }
  if (flag === '-n' && name !== undefined && h.sysctl.has(name)) return ok(`${h.sysctl.get(name)}\n`);
  return fail(`sysctl: unknown oid '${name}'`);
}

export function whichCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const names = argv.slice(1);
  const found = names.filter((n) => h.tools.has(n));
  const out = found.map((n) => `/usr/sbin/${n}\n`).join('');
  return found.length === names.length ? ok(out) : { exitCode: 1, stdout: out, stderr: '' };
}

export async function mtreeCmd(argv: readonly string[]): Promise<Reply> {
  const dir = argv[argv.indexOf('-p') + 1] ?? '';
  if (!existsSync(dir)) return fail(`mtree: ${dir}: No such file or directory`);
  for (const d of ['db', 'empty', 'log', 'run', 'tmp']) await fsp.mkdir(path.join(dir, d), { recursive: true });
  return ok();
}

/**
 * pwd_mkdb(8) as usr.sbin/pwd_mkdb/pwd_mkdb.c does it (getopt "BCLNd:ips:u:v"): reads `file`
 * (master.passwd(5), 10 fields a line; comments and blank lines skipped, anything else
 * "at line #N" and EFTYPE), writes <dir>/pwd.db (passwords as "*", PERM_INSECURE 0644) and
 * <dir>/spwd.db (the real password fields, PERM_SECURE 0600), with -p <dir>/passwd in V7 form
 * (`name:*:uid:gid:gecos:dir:shell`, made O_EXCL as `file.orig` first), then renames `file` to
 * <dir>/master.passwd and makes it 0600. The .db files here are text stand-ins for Berkeley DB
 * hashes holding the same strings. Errors are warn(3)'s "pwd_mkdb: <name>: <strerror>", exit 1.
 */
export async function pwdMkdbCmd(argv: readonly string[]): Promise<Reply> {
  let dir = '/etc';
  let makeOld = false;
  let k = 1;
  for (; k < argv.length && (argv[k] ?? '').startsWith('-'); k++) {
    const opt = argv[k] ?? '';
    if (['-d', '-s', '-u'].includes(opt)) {
      if (opt === '-d') dir = argv[k + 1] ?? '';
      k++;
    } else if (opt === '-p') makeOld = true;
    else if (!['-B', '-C', '-L', '-N', '-i', '-v'].includes(opt)) k = argv.length + 1;
  }
  const file = argv[k] ?? '';
  if (k !== argv.length - 1) return fail('usage: pwd_mkdb [-BCiLNp] [-d directory] [-s cachesize] [-u username] file');
  if (!existsSync(file)) return fail(`pwd_mkdb: ${file}: No such file or directory`);
  const insecure: string[] = [];
  const secure: string[] = [];
  const v7: string[] = [];
  const lines = (await fsp.readFile(file, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [n, line] of lines.entries()) {
    if (/^[ \t]*(#|$)/.test(line)) {
      v7.push(line);
      continue;
    }
    const f = line.split(':');
    if (f.length !== 10) return fail(`pwd_mkdb: at line #${n + 1}\npwd_mkdb: ${file}: Inappropriate file type or format`);
    const [name, pw, uid, gid, , , , gecos, home, shell] = f;
    insecure.push([name, '*', uid, gid].join('\0'));
    secure.push([name, pw, uid, gid].join('\0'));
    v7.push(`${name}:*:${uid}:${gid}:${gecos}:${home}:${shell}`);
  }
  const orig = `${file}.orig`;
  if (makeOld && existsSync(orig)) return fail(`pwd_mkdb: ${orig}: File exists`);
  await fsp.writeFile(path.join(dir, 'pwd.db'), `${insecure.join('\n')}\n`, { mode: 0o644 });
  await fsp.writeFile(path.join(dir, 'spwd.db'), `${secure.join('\n')}\n`, { mode: 0o600 });
  await fsp.chmod(path.join(dir, 'spwd.db'), 0o600);
  if (makeOld) await fsp.writeFile(path.join(dir, 'passwd'), v7.length === 0 ? '' : `${v7.join('\n')}\n`, { mode: 0o644 });
  await fsp.chmod(file, 0o600);
  await fsp.rename(file, path.join(dir, 'master.passwd'));
  return ok();
}

/**
 * rctl(8) as usr.bin/rctl/rctl.c answers: with kern.racct.enable=0 every call fails in enosys();
 * -a adds a rule, -r removes the rules its filter matches (none: the kernel's ESRCH), no
 * arguments lists them one per line.
 */
export function rctlCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  if (h.sysctl.get('kern.racct.enable') !== '1') return fail('rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable');
  const [, op, rule] = argv;
  if (op === undefined) return ok(h.rctlRules.map((r) => `${r}\n`).join(''));
  if (op === '-a' && rule && /^jail:[^:]+:[a-z]+:[a-z]+=\w+$/.test(rule)) {
    h.rctlRules.push(rule);
    return ok();
  }
  if (op === '-r' && rule) {
    const keep = h.rctlRules.filter((r) => !r.startsWith(rule));
    if (keep.length === h.rctlRules.length) return fail(`rctl: failed to remove rule '${rule}': No such process`);
    h.rctlRules.splice(0, h.rctlRules.length, ...keep);
    return ok();
  }
  return fail(`rctl: failed to add rule '${rule ?? ''}': Invalid argument`);
}
