// Fake devfs(8) rulesets and what a devfs mount shows. Follows sbin/devfs/devfs.8:
// `devfs rule -s N applyset` applies ruleset N once, to the devices that exist
// then; `devfs -m DIR ruleset N` sets the mount's *current* ruleset, the one
// devfs applies to devices created later (sys/fs/devfs/devfs_rule.c,
// devfs_rules_apply on node creation). A fresh mount's current ruleset is 0 (no
// rules: everything visible). The stock rulesets 1-4 follow
// libexec/rc/devfs.rules (devfsrules_hide_all, _unhide_basic, _unhide_login, _jail).
import { fail, followed, ok, type FakeMount, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

const unhide = (...names: string[]): string[] => names.map((n) => `path ${n} unhide`);

export const STOCK_RULESETS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['hide']],
  [2, unhide('log', 'null', 'zero', 'crypto', 'random', 'urandom')],
  [3, unhide('ptyp*', 'ptyq*', 'ptyr*', 'ptys*', 'ptyP*', 'ptyQ*', 'ptyR*', 'ptyS*', 'ptyl*', 'ptyo*', 'pts', 'pts/*', 'ptmx', 'tty*', 'fd', 'fd/*', 'stdin', 'stdout', 'stderr')],
  [4, ['include 1', 'include 2', 'include 3', 'path zfs unhide']],
];

/** Host devices the fake starts with (md units come and go with mdconfig). */
export const HOST_DEVICES = ['null', 'zero', 'random', 'urandom', 'crypto', 'mem', 'kmem', 'bpf', 'bpf0', 'console', 'ada0', 'zfs', 'ptmx'];

function glob(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/'/g, '').split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** Visible after applying ruleset n (0: no rules). */
function rulesetShows(h: FakeFreebsdHost, n: number, device: string, depth = 0): boolean {
  let visible = true;
  const walk = (rs: number, d: number): void => {
    if (d > 8) return;
    for (const rule of h.rulesets.get(rs) ?? []) {
      const w = rule.split(/\s+/);
      if (w[0] === 'include') walk(Number(w[1]), d + 1);
      else if (w[0] === 'hide' || w[0] === 'unhide') visible = w[0] === 'unhide';
      else if (w[0] === 'path' && w[1] && glob(w[1], device) && (w[2] === 'hide' || w[2] === 'unhide')) visible = w[2] === 'unhide';
    }
  };
  if (n !== 0) walk(n, depth);
  return visible;
}

/** What `ls` of a devfs mount shows: devices that existed at applyset by the applied ruleset, later ones by the current ruleset. */
export function devfsListing(h: FakeFreebsdHost, m: FakeMount): string[] {
  return [...h.devices].filter(([name, seq]) => {
    const before = m.appliedAt !== undefined && seq <= m.appliedAt;
    return rulesetShows(h, before ? (m.applied ?? 0) : (m.ruleset ?? 0), name);
  }).map(([name]) => name).sort();
}

export function devfsCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const a = argv.slice(1);
  const mp = a[0] === '-m' ? a.splice(0, 2)[1] : undefined;
  const mount = (): FakeMount | undefined => h.mounts.find((x) => x.target === followed(mp ?? '') && x.fstype === 'devfs');
  // devfs.8: "ruleset ruleset: Set ruleset number ruleset as the current ruleset for the mount-point."
  if (a[0] === 'ruleset') {
    const m = mount();
    if (!m) return fail(`devfs: ${mp}: not a devfs mount`);
    m.ruleset = Number(a[1]);
    return ok();
  }
  if (a[0] !== 'rule') return fail('usage: devfs rule|ruleset ...', 64);
  // `rule -s N op`, or `rule op` on the mount's current ruleset.
  const hasS = a[1] === '-s';
  const op = hasS ? a[3] : a[1];
  const rest = a.slice(hasS ? 4 : 2);
  const n = hasS ? Number(a[2]) : (mount()?.ruleset ?? 0);
  const rules = h.rulesets.get(n);
  if (op === 'show') return ok((rules ?? []).map((r, i) => `${(i + 1) * 100} ${r}\n`).join(''));
  if (op === 'add') {
    h.rulesets.set(n, [...(rules ?? []), rest.join(' ')]);
    return ok();
  }
  if (op === 'delset') {
    h.rulesets.delete(n);
    return ok();
  }
  if (op === 'applyset') {
    const m = mount();
    if (!m) return fail(`devfs: ${mp}: not a devfs mount`);
    if (!rules) return fail('devfs: ioctl DEVFSIO_SAPPLY: No such process');
    m.applied = n;
    m.appliedAt = h.deviceSeq;
    return ok();
  }
  return fail(`devfs: unknown command ${op}`, 64);
}
