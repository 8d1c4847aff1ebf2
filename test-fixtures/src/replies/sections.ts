// Version-34 text for each command tmcd answers from its database, built
// from the fixture (formats: TMCD-PROTOCOL.md §10). Pure.
import type {
  Accounts,
  Experiment,
  HostnameEntry,
  InterfaceFields,
  InterfaceSetting,
  JailConfigValue,
  Mounts,
  VnodeFixture,
} from '../experiment/types.js';

export type Caller = { kind: 'phys' } | { kind: 'virt'; vnode: VnodeFixture };
export type Transport = 'tcp' | 'udp';

export interface RenderContext {
  experiment: Experiment;
  caller: Caller;
  transport: Transport;
  version: number;
}

export const DEFAULT_WATCHDOG =
  'INTERVAL=3600 ISALIVE=600 NTPDRIFT=0 CVSUP=0 RUSAGE=0 HOSTKEYS=0 DHCPDCONF=3600 SETROOTPSWD=0';

const lines = (list: string[]): string => list.map((l) => `${l}\n`).join('');

function jailValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : `"${v}"`;
}

export function renderJailconfig(config: Record<string, JailConfigValue>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    for (const v of Array.isArray(value) ? value : [value]) out.push(`${key}=${jailValue(v)}`);
  }
  return lines(out);
}

export function renderIfconfig(ifaces: InterfaceFields[], settings: InterfaceSetting[] = []): string {
  const out = ifaces.map((f) => ['INTERFACE', ...Object.entries(f).map(([k, v]) => `${k}=${v}`)].join(' '));
  for (const s of settings) out.push(`INTERFACE_SETTING MAC=${s.mac} KEY='${s.key}' VAL='${s.val}'`);
  return lines(out);
}

export function renderHostnames(hosts: HostnameEntry[]): string {
  return lines(hosts.map((h) => `NAME=${h.name} IP=${h.ip} ALIASES='${h.aliases.join(' ')}'`));
}

export function renderAccounts(acc: Accounts): string {
  const out = acc.groups.map((g) => `ADDGROUP NAME=${g.name} GID=${g.gid}`);
  for (const u of acc.users) {
    out.push(
      `ADDUSER LOGIN=${u.login} PSWD=${u.pswd} UID=${u.uid} GID=${u.gid} ROOT=${u.root ? 1 : 0} ` +
        `NAME="${u.name}" HOMEDIR=${u.homedir} GLIST="${u.glist.join(',')}" SERIAL=${u.serial} ` +
        `EMAIL="${u.email}" SHELL=${u.shell}`,
    );
  }
  for (const k of acc.pubkeys) out.push(`PUBKEY LOGIN=${k.login} KEY="${k.key}"`);
  return lines(out);
}

export function renderMounts(m: Mounts): string {
  return lines([`FSTYPE=${m.fstype}`, ...m.mounts.map((x) => `REMOTE=${x.remote} LOCAL=${x.local}`)]);
}

function verbatim(text: string | undefined): string {
  if (!text) return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

// One command's reply (not `fullconfig`, not `state`); '' = tmcd's empty reply.
export function renderSection(command: string, ctx: RenderContext): string {
  const { experiment: exp, caller } = ctx;
  const vnode = caller.kind === 'virt' ? caller.vnode : undefined;
  switch (command) {
    case 'nodeid':
      return `${vnode ? vnode.vnodeId : exp.host.nodeId}\n`;
    case 'status': {
      const nick = vnode ? vnode.nickname : exp.host.nickname;
      return nick === undefined ? 'FREE\n' : `ALLOCATED=${exp.pid}/${exp.eid} NICKNAME=${nick}\n`;
    }
    case 'vnodelist':
      if (vnode) return '';
      // Versions up to 6 got bare ids.
      return lines(
        exp.vnodes.map((v) => (ctx.version <= 6 ? v.vnodeId : `VNODEID=${v.vnodeId} JAILED=${v.jailed === false ? 0 : 1}`)),
      );
    case 'jailconfig':
      return vnode ? renderJailconfig(vnode.jailconfig) : '';
    case 'ifconfig':
      return vnode ? renderIfconfig(vnode.ifconfig, vnode.interfaceSettings) : renderIfconfig(exp.host.ifconfig ?? []);
    case 'hostnames':
      return renderHostnames(vnode ? vnode.hostnames : (exp.host.hostnames ?? []));
    case 'accounts':
      // tmcd refuses to hand out accounts over UDP.
      return ctx.transport === 'udp' || !vnode ? '' : renderAccounts(vnode.accounts);
    case 'mounts':
      return vnode ? renderMounts(vnode.mounts) : '';
    case 'isalive':
      return 'UPDATE=0\n';
    case 'watchdoginfo':
      return verbatim(exp.watchdog ?? DEFAULT_WATCHDOG);
    default:
      return verbatim(vnode ? vnode.replies?.[command] : exp.host.replies?.[command]);
  }
}
