// Fake cloned interfaces and VNET moves, as sbin/ifconfig and the kernel do them:
// `ifconfig epair|bridge create [name N] [description D] [up]`, `ifconfig IF name
// NEW`, `description`, `destroy`, a bridge's `addm`/`deletem`, and `ifconfig IF
// vnet|-vnet JAIL`. Host interfaces live in `h.ifaces`; a vnet jail's in its own
// `ifaces` table (sys/net/vnet.c: one ifnet list per vnet).
import { fail, ok, type FakeJail, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

/** Which cloned interfaces exist beyond their addresses: epair peers, bridge members, descriptions. */
export class CloneState {
  /** Each epair end to the other (sys/net/if_epair.c: created and destroyed as a pair). */
  readonly peers = new Map<string, string>();
  /** Bridge name to its member interfaces (sys/net/if_bridge.c). */
  readonly members = new Map<string, Set<string>>();
  /** SIOCSIFDESCR (sys/net/if.c ifhwioctl); shown by `ifconfig IF` as "\tdescription: D". */
  readonly descr = new Map<string, string>();
  /**
   * Each cloned interface's cloner unit (sys/net/if_clone.c ifc_alloc_unit): a unit stays taken
   * through renames and is freed only on destroy, so the next create after a rename gets N+1.
   */
  readonly units = new Map<string, string>();
}

type Table = Map<string, string[]>;

/** Every interface table: the host's, then each live or dying vnet jail's (a dying prison keeps its vnet). */
export function ifaceTables(h: FakeFreebsdHost): Table[] {
  return [h.ifaces, ...[...h.jails.values(), ...h.dying.values()].filter((j) => j.vnet).map((j) => j.ifaces)];
}

function freeUnit(h: FakeFreebsdHost, cloner: string): number {
  const taken = new Set(h.clones.units.values());
  let n = 0;
  while (taken.has(`${cloner}${n}`)) n += 1;
  return n;
}

function create(h: FakeFreebsdHost, cloner: string): string | Reply {
  const c = h.clones;
  if (cloner === 'epair') {
    // if_epair.c epair_clone_create: unit N makes epairNa and epairNb; SIOCIFCREATE2 hands back the "a" end.
    const n = freeUnit(h, 'epair');
    const [a, b] = [`epair${n}a`, `epair${n}b`];
    h.ifaces.set(a, []);
    h.ifaces.set(b, []);
    c.peers.set(a, b);
    c.peers.set(b, a);
    c.units.set(a, `epair${n}`);
    c.units.set(b, `epair${n}`);
    return a;
  }
  if (cloner === 'bridge') {
    const n = freeUnit(h, 'bridge');
    h.ifaces.set(`bridge${n}`, []);
    c.members.set(`bridge${n}`, new Set());
    c.units.set(`bridge${n}`, `bridge${n}`);
    return `bridge${n}`;
  }
  // sys/net/if_clone.c if_clone_create: no cloner by that name.
  return fail('ifconfig: SIOCIFCREATE2: Invalid argument');
}

function rename(h: FakeFreebsdHost, from: string, to: string): Reply | null {
  // sys/net/if.c if_rename: an existing name is EEXIST (sbin/ifconfig/ifconfig.c setifname: err "ioctl SIOCSIFNAME (set name)").
  if (h.ifaces.has(to)) return fail('ifconfig: ioctl SIOCSIFNAME (set name): File exists');
  const c = h.clones;
  h.ifaces.set(to, h.ifaces.get(from) ?? []);
  h.ifaces.delete(from);
  const peer = c.peers.get(from);
  if (peer !== undefined) {
    c.peers.delete(from);
    c.peers.set(to, peer);
    c.peers.set(peer, to);
  }
  const m = c.members.get(from);
  if (m) {
    c.members.delete(from);
    c.members.set(to, m);
  }
  const unit = c.units.get(from);
  if (unit !== undefined) {
    c.units.delete(from);
    c.units.set(to, unit);
  }
  const d = c.descr.get(from);
  if (d !== undefined) {
    c.descr.delete(from);
    c.descr.set(to, d);
  }
  for (const set of c.members.values()) if (set.delete(from)) set.add(to);
  return null;
}

/** Gone from every table and bridge (a destroyed or departing interface leaves its bridge: if_bridge.c bridge_ifdetach). */
function unlink(h: FakeFreebsdHost, x: string): void {
  for (const t of ifaceTables(h)) t.delete(x);
  h.clones.peers.delete(x);
  h.clones.descr.delete(x);
  h.clones.units.delete(x);
  for (const set of h.clones.members.values()) set.delete(x);
}

function destroy(h: FakeFreebsdHost, iface: string): Reply | null {
  const c = h.clones;
  const peer = c.peers.get(iface);
  // if_clone.c if_clone_destroy: only cloned interfaces (em0, lo0 here) can go; ifclone.c err(1, "SIOCIFDESTROY").
  if (peer === undefined && !c.members.has(iface)) return fail('ifconfig: SIOCIFDESTROY: Invalid argument');
  // if_epair.c epair_clone_destroy: either end destroys both, the other one in whatever vnet it is.
  for (const x of peer === undefined ? [iface] : [iface, peer]) unlink(h, x);
  c.members.delete(iface);
  return null;
}

function member(h: FakeFreebsdHost, bridge: string, op: 'addm' | 'deletem', iface: string): Reply | null {
  const set = h.clones.members.get(bridge);
  // sbin/ifconfig/ifbridge.c: err(1, "BRDGADD %s") / err(1, "BRDGDEL %s") with if_bridge.c's errno.
  if (!set) return fail(`ifconfig: ${op === 'addm' ? 'BRDGADD' : 'BRDGDEL'} ${iface}: Invalid argument`);
  if (op === 'addm') {
    if (!h.ifaces.has(iface)) return fail(`ifconfig: BRDGADD ${iface}: No such file or directory`);
    if (set.has(iface)) return fail(`ifconfig: BRDGADD ${iface}: File exists`);
    set.add(iface);
  } else {
    if (!set.has(iface)) return fail(`ifconfig: BRDGDEL ${iface}: Invalid argument`);
    set.delete(iface);
  }
  return null;
}

/** libjail's jail_getid: a name or jid; its jail_errmsg as ifconfig prints it (errx "%s"). */
function findJail(h: FakeFreebsdHost, name: string): FakeJail | Reply {
  const byName = (m: Map<string, FakeJail>): FakeJail | undefined => m.get(name) ?? [...m.values()].find((j) => String(j.jid) === name);
  const j = byName(h.jails);
  if (j) return j;
  // sys/kern/kern_jail.c kern_jail_get: a removed prison still referenced is "dying".
  return fail(byName(h.dying) ? `ifconfig: jail "${name}" is dying` : `ifconfig: jail "${name}" not found`);
}

/** Moving an ifnet strips its addresses (sys/net/if.c if_vmove -> if_detach_internal purges them). */
function moveTo(h: FakeFreebsdHost, iface: string, from: Table, to: Table): void {
  from.delete(iface);
  for (const set of h.clones.members.values()) set.delete(iface);
  to.set(iface, []);
}

function vnetMove(h: FakeFreebsdHost, iface: string, jailName: string): Reply | null {
  const j = findJail(h, jailName);
  if (!('jid' in j)) return j;
  // sys/net/if.c if_vmove_loan: the same vnet (a jail without vnet) or a name taken there is EEXIST;
  // ifconfig.c setifvnet: err(1, "SIOCSIFVNET").
  if (!j.vnet || j.ifaces.has(iface)) return fail('ifconfig: SIOCSIFVNET: File exists');
  moveTo(h, iface, h.ifaces, j.ifaces);
  return null;
}

function vnetReclaim(h: FakeFreebsdHost, iface: string, jailName: string): Reply {
  const j = findJail(h, jailName);
  if (!('jid' in j)) return j;
  // if.c if_vmove_reclaim: no such interface in that vnet is ENXIO; ifconfig.c setifrvnet: err "SIOCSIFRVNET(%d, %s)".
  if (!j.vnet || !j.ifaces.has(iface)) return fail(`ifconfig: SIOCSIFRVNET(${j.jid}, ${iface}): Device not configured`);
  moveTo(h, iface, j.ifaces, h.ifaces);
  return ok();
}

/** sys/net/if.c vnet_if_return: when a jail's vnet goes, every interface moved into it goes back home. */
export function returnVnetIfaces(h: FakeFreebsdHost, j: FakeJail): void {
  for (const iface of [...j.ifaces.keys()]) moveTo(h, iface, j.ifaces, h.ifaces);
}

const VERBS = new Set(['name', 'description', 'up', 'destroy', 'addm', 'deletem', 'vnet']);
const WITH_ARG = new Set(['name', 'description', 'addm', 'deletem', 'vnet']);

/**
 * The clone and VNET verbs of host ifconfig(8), applied left to right as ifconfig.c does (a
 * create first, then the rest on the new interface), or null when argv is something else.
 * Like ifconfig.c's atexit printifnamemaybe, a created or renamed interface's final name is
 * printed once, on success and failure alike.
 */
export function cloneIfconfig(h: FakeFreebsdHost, argv: readonly string[]): Reply | null {
  const [, first = '', ...ops] = argv;
  // ifconfig.c main: `-vnet` is special-cased before the name lookup (the interface lives in another vnet).
  if (ops[0] === '-vnet' && ops.length === 2) return vnetReclaim(h, first, ops[1] ?? '');
  const creating = ops[0] === 'create';
  const rest = creating ? ops.slice(1) : ops;
  for (let i = 0; i < rest.length; i += WITH_ARG.has(rest[i] ?? '') ? 2 : 1) if (!VERBS.has(rest[i] ?? '')) return null;
  if (!creating && rest.length === 0) return null;
  let name = first;
  let printName = false;
  const done = (r: Reply | null): Reply => {
    const out = printName ? `${name}\n` : '';
    return r === null ? ok(out) : { ...r, stdout: out };
  };
  if (creating) {
    const made = create(h, first);
    if (typeof made !== 'string') return made;
    name = made;
    printName = true;
  } else if (!h.ifaces.has(name)) return fail(`ifconfig: interface ${name} does not exist`);
  for (let i = 0; i < rest.length; i += 1) {
    const op = rest[i];
    const arg = WITH_ARG.has(op ?? '') ? (rest[++i] ?? '') : '';
    let r: Reply | null = null;
    if (op === 'name') {
      r = rename(h, name, arg);
      if (r === null) {
        name = arg;
        printName = true;
      }
    } else if (op === 'description') h.clones.descr.set(name, arg);
    else if (op === 'destroy') r = destroy(h, name);
    else if (op === 'addm' || op === 'deletem') r = member(h, name, op, arg);
    else if (op === 'vnet') r = vnetMove(h, name, arg);
    if (r !== null) return done(r);
  }
  return done(null);
}
