// From a parsed request to tmcd's reply: who is asking, then what to say.
// Pure; the server adds the side effects (state log, faults).
import { fullconfigSections } from '../protocol/commands.js';
import type { ParsedRequest } from '../protocol/parse-request.js';
import type { Experiment } from '../experiment/types.js';
import { renderSection, type Caller, type Transport } from './sections.js';

// Handlers that dereference their argument pointer; with no space after
// the command tmcd passes NULL and the child dies without replying.
const READS_ARGS = new Set([
  'accounts', 'mounts', 'state', 'fullconfig', 'battery', 'booterrno', 'bootlog', 'elvindport',
  'hostinfo', 'hostkeys', 'ntpdrift', 'portregister', 'quoteprep', 'rusage', 'securestate',
  'sfshostid', 'startstat', 'startstatus', 'subconfig', 'tmcctest', 'tpmblob',
]);

export interface Peer {
  address: string;
  loopback: boolean;
}

// undefined = tmcd would not know this caller (no reply at all).
export function resolveCaller(exp: Experiment, req: ParsedRequest, peer: Peer): Caller | undefined {
  if (exp.privkey !== undefined && req.privKey?.toLowerCase() !== exp.privkey.toLowerCase()) return undefined;
  // REDIRECT is honoured only from boss itself (loopback here) and only to
  // the host we simulate.
  if (req.redirect !== undefined && (!peer.loopback || req.redirect !== exp.host.controlIp)) return undefined;
  if (req.vnodeId === undefined) return { kind: 'phys' };
  const vnode = exp.vnodes.find((v) => v.vnodeId === req.vnodeId);
  return vnode ? { kind: 'virt', vnode } : undefined;
}

// `state` argument rule: one word, < 128 chars of [A-Za-z0-9_-].
export function parseStateArg(args: string | null): string | undefined {
  if (args === null) return undefined;
  const word = /^\s*(\S+)/.exec(args)?.[1];
  return word !== undefined && /^[A-Za-z0-9_-]{1,127}$/.test(word) ? word : undefined;
}

export interface Answer {
  reply: string;
  caller?: Caller;
  // Set for a well-formed `state X` from a known caller.
  state?: { vnodeId: string; state: string };
  // tmcd's handler would have crashed: close without a reply.
  crashed?: boolean;
}

export function answerRequest(exp: Experiment, req: ParsedRequest, peer: Peer, transport: Transport): Answer {
  if (req.dropped !== undefined || req.command === undefined) return { reply: '' };
  const caller = resolveCaller(exp, req, peer);
  if (!caller) return { reply: '' };
  if (req.args === null && READS_ARGS.has(req.command)) return { reply: '', caller, crashed: true };
  const ctx = { experiment: exp, caller, transport, version: req.version };
  if (req.command === 'state') {
    const state = parseStateArg(req.args);
    const id = caller.kind === 'virt' ? caller.vnode.vnodeId : exp.host.nodeId;
    return state === undefined ? { reply: '', caller } : { reply: '', caller, state: { vnodeId: id, state } };
  }
  if (req.command === 'fullconfig') {
    const parts = fullconfigSections(caller.kind).map((cmd) => {
      const marker = `*** ${cmd}\n`;
      return marker + renderSection(cmd, ctx) + marker;
    });
    return { reply: parts.join(''), caller };
  }
  return { reply: renderSection(req.command, ctx), caller };
}
