// Version-34 text for each command tmcd answers from its database, built
// from the fixture (formats: TMCD-PROTOCOL.md §10, tmcd.c's do* functions;
// line formats in formats.ts). Pure.
import type { Experiment, VnodeFixture } from '../experiment/types.js';
import { renderAccounts, renderHostnames, renderIfconfig, renderJailconfig, renderMounts } from './formats.js';

export { renderAccounts, renderHostnames, renderIfconfig, renderJailconfig, renderMounts };

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

function verbatim(text: string | undefined): string {
  if (!text) return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

// One command's reply (not `fullconfig`, not `state`); '' = tmcd's empty reply.
export function renderSection(command: string, ctx: RenderContext): string {
  const { experiment: exp, caller } = ctx;
  const vnode = caller.kind === 'virt' ? caller.vnode : undefined;
  switch (command) {
    case 'nodeid': // donodeid: reqp->nodeid, the vnode id for a vnode
      return `${vnode ? vnode.vnodeId : exp.host.nodeId}\n`;
    case 'status': { // dostatus
      const nick = vnode ? vnode.nickname : exp.host.nickname;
      return nick === undefined ? 'FREE\n' : `ALLOCATED=${exp.pid}/${exp.eid} NICKNAME=${nick}\n`;
    }
    case 'vnodelist': // dovnodelist: the vnodes whose phys_nodeid is the caller
      if (vnode) return '';
      // Versions up to 6 got bare ids.
      return lines(
        exp.vnodes.map((v) => (ctx.version <= 6 ? v.vnodeId : `VNODEID=${v.vnodeId} JAILED=${v.jailed === false ? 0 : 1}`)),
      );
    case 'jailconfig': // dojailconfig: nothing for a physical node or an unjailed vnode
      return vnode && vnode.jailed !== false ? renderJailconfig(vnode.jailconfig) : '';
    case 'ifconfig':
      return vnode
        ? renderIfconfig(vnode.ifconfig, vnode.interfaceSettings)
        : renderIfconfig(exp.host.ifconfig ?? [], exp.host.interfaceSettings);
    case 'hostnames':
      return renderHostnames(vnode ? vnode.hostnames : (exp.host.hostnames ?? []));
    case 'accounts':
      // doaccounts refuses to hand out accounts over UDP.
      return ctx.transport === 'udp' || !vnode ? '' : renderAccounts(vnode.accounts);
    case 'mounts':
      return vnode ? renderMounts(vnode.mounts) : '';
    case 'isalive': // doisalive: UPDATE=1 only when accounts changed
      return 'UPDATE=0\n';
    case 'watchdoginfo': // dodoginfo
      return verbatim(exp.watchdog ?? DEFAULT_WATCHDOG);
    default:
      return verbatim(vnode ? vnode.replies?.[command] : exp.host.replies?.[command]);
  }
}
