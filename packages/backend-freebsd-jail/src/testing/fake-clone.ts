// Fake cloned interfaces for VNET jails: `ifconfig epair create`, `ifconfig
// bridge create`, `ifconfig IF name NEW`, `ifconfig IF destroy`, and a bridge's
// `addm`/`deletem`. Interfaces live in the host's `ifaces` table like em0.
import { fail, ok, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

/** Which cloned interfaces exist beyond their addresses: epair peers and bridge members. */
export class CloneState {
  /** Each epair end to the other (sys/net/if_epair.c: created and destroyed as a pair). */
  readonly peers = new Map<string, string>();
  /** Bridge name to its member interfaces (sys/net/if_bridge.c). */
  readonly members = new Map<string, Set<string>>();
}

function freeUnit(h: FakeFreebsdHost, used: (n: number) => boolean): number {
  let n = 0;
  while (used(n)) n += 1;
  return n;
}

function create(h: FakeFreebsdHost, cloner: string): Reply {
  const c = h.clones;
  if (cloner === 'epair') {
    // if_epair.c epair_clone_create: unit N makes epairNa and epairNb; SIOCIFCREATE2 hands back the "a" end,
    // and sbin/ifconfig/ifclone.c prints a name that differs from the one asked for (printifname).
    const n = freeUnit(h, (u) => h.ifaces.has(`epair${u}a`) || h.ifaces.has(`epair${u}b`));
    const [a, b] = [`epair${n}a`, `epair${n}b`];
    h.ifaces.set(a, []);
    h.ifaces.set(b, []);
    c.peers.set(a, b);
    c.peers.set(b, a);
    return ok(`${a}\n`);
  }
  if (cloner === 'bridge') {
    const n = freeUnit(h, (u) => h.ifaces.has(`bridge${u}`));
    h.ifaces.set(`bridge${n}`, []);
    c.members.set(`bridge${n}`, new Set());
    return ok(`bridge${n}\n`);
  }
  // sys/net/if_clone.c if_clone_create: no cloner by that name.
  return fail('ifconfig: SIOCIFCREATE2: Invalid argument');
}

function rename(h: FakeFreebsdHost, from: string, to: string): Reply {
  // sys/net/if.c if_rename: an existing name is EEXIST; sbin/ifconfig/ifconfig.c setifname prints the new name.
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
  for (const set of c.members.values()) if (set.delete(from)) set.add(to);
  return ok(`${to}\n`);
}

function destroy(h: FakeFreebsdHost, iface: string): Reply {
  const c = h.clones;
  const peer = c.peers.get(iface);
  // if_clone.c if_clone_destroy: only cloned interfaces (em0, lo0 here) can go; ifclone.c err(1, "SIOCIFDESTROY").
  if (peer === undefined && !c.members.has(iface)) return fail('ifconfig: SIOCIFDESTROY: Invalid argument');
  // Destroying either epair end destroys both; a destroyed interface leaves every bridge it was in.
  for (const x of peer === undefined ? [iface] : [iface, peer]) {
    h.ifaces.delete(x);
    c.peers.delete(x);
    for (const set of c.members.values()) set.delete(x);
  }
  c.members.delete(iface);
  return ok();
}

function member(h: FakeFreebsdHost, bridge: string, op: 'addm' | 'deletem', iface: string): Reply {
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
  return ok();
}

/** The clone verbs of ifconfig(8), or null when argv is not one of them. */
export function cloneIfconfig(h: FakeFreebsdHost, argv: readonly string[]): Reply | null {
  const [, iface = '', op, arg] = argv;
  if (op === 'create' && argv.length === 3) return create(h, iface);
  if (!h.ifaces.has(iface)) return op === 'name' || op === 'destroy' || op === 'addm' || op === 'deletem' ? fail(`ifconfig: interface ${iface} does not exist`) : null;
  if (op === 'name' && arg) return rename(h, iface, arg);
  if (op === 'destroy' && argv.length === 3) return destroy(h, iface);
  if ((op === 'addm' || op === 'deletem') && arg) return member(h, iface, op, arg);
  return null;
}
