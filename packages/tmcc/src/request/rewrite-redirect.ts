// Interprets a REDIRECT reply (TMCD-PROTOCOL.md §5): `REDIRECT=host[:vnodeid]`.
// With a vnode id, the request speaks as that vnode instead of its leading VNODEID.
import { TmccError } from '../errors.js';

export interface RedirectPlan {
  host: string;
  request: Buffer;
  /** True when the request was rewritten (Emulab prints a notice only then). */
  rewritten: boolean;
}

export const REDIRECT_PREFIX = 'REDIRECT=';

export function planRedirect(reply: Buffer, request: Buffer): RedirectPlan {
  const text = reply.toString('latin1');
  if (!text.startsWith(REDIRECT_PREFIX)) {
    throw new TmccError('TMCC_PROTOCOL', 'not a REDIRECT reply');
  }
  const nl = text.indexOf('\n');
  const value = text.slice(REDIRECT_PREFIX.length, nl === -1 ? undefined : nl);
  const colon = value.indexOf(':');
  const host = colon === -1 ? value : value.slice(0, colon);
  if (host === '') throw new TmccError('TMCC_PROTOCOL', 'REDIRECT without a host');
  if (colon === -1) return { host, request, rewritten: false };

  const vnodeId = value.slice(colon + 1);
  let rest = request;
  if (request.subarray(0, 8).toString('latin1') === 'VNODEID=') {
    const sp = request.indexOf(0x20);
    if (sp === -1) throw new TmccError('TMCC_PROTOCOL', 'cannot rewrite request for REDIRECT');
    rest = request.subarray(sp + 1);
  }
  const rewritten = Buffer.concat([Buffer.from(`VNODEID=${vnodeId} `, 'latin1'), rest]);
  return { host, request: rewritten, rewritten: true };
}
