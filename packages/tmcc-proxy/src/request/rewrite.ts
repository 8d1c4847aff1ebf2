// The identity rewrite at the heart of the proxy (TMCD-PROTOCOL.md §7, §11.1-2,
// §12). Pure, so every quirk is pinned by a table test.

export interface ProxyIdentity {
  vnodeId: string;
  privKey?: string | undefined;
}

export type SpoofKind = 'VNODEID' | 'PRIVKEY';

export interface RewriteResult {
  // The bytes to send upstream, or null when the client sent no command.
  request: Buffer | null;
  // The client asked for UDP towards boss (a token containing USEUDP=1).
  useUdp: boolean;
  // First word after the header tokens, cut short; untrusted, for logs only.
  command: string | null;
  // One entry per dropped token; a token with both markers counts twice.
  spoofs: SpoofKind[];
  // Claimed vnode ids from dropped VNODEID tokens (never from PRIVKEY ones).
  claimedVnodes: string[];
}

// Header tokens tmcd consumes before the command; the proxy passes them on.
const HEADER_PREFIXES = ['VERSION=', 'REDIRECT=', 'IDKEY='];
const MAX_LOGGED = 64;

function isHeader(token: string): boolean {
  return HEADER_PREFIXES.some((p) => token.startsWith(p));
}

// Rewrite a client request: drop every token containing VNODEID= or PRIVKEY=
// (substring on purpose: `xVNODEID=y` goes too), drop and honour USEUDP=1,
// never emit an empty token before the command, end with exactly one space,
// and put the proxy's own identity in front. When the upstream cannot do UDP
// itself (another proxy on a unix socket), `keepUseUdp` re-emits USEUDP=1.
export function rewriteRequest(
  raw: Buffer,
  identity: ProxyIdentity,
  options: { keepUseUdp?: boolean } = {},
): RewriteResult {
  // latin1 maps bytes 1:1, so datafile bytes survive the round trip.
  const tokens = raw.toString('latin1').split(' ');
  // A final space yields one trailing empty token; it is re-added below.
  if (tokens.length > 1 && tokens[tokens.length - 1] === '') tokens.pop();

  const kept: string[] = [];
  const spoofs: SpoofKind[] = [];
  const claimedVnodes: string[] = [];
  let useUdp = false;
  let command: string | null = null;

  for (const token of tokens) {
    const hasVnode = token.includes('VNODEID=');
    const hasKey = token.includes('PRIVKEY=');
    if (hasVnode || hasKey) {
      if (hasVnode) spoofs.push('VNODEID');
      if (hasKey) spoofs.push('PRIVKEY');
      if (hasVnode && !hasKey) {
        const start = token.indexOf('VNODEID=') + 'VNODEID='.length;
        claimedVnodes.push(token.slice(start, start + MAX_LOGGED));
      }
      continue;
    }
    if (token.includes('USEUDP=1')) {
      useUdp = true;
      continue;
    }
    if (command === null) {
      // tmcd drops a request with an empty token before the command.
      if (token === '') continue;
      if (!isHeader(token)) command = token.slice(0, MAX_LOGGED);
    }
    kept.push(token);
  }

  let prefix = `VNODEID=${identity.vnodeId} `;
  if (identity.privKey !== undefined && identity.privKey !== '') prefix += `PRIVKEY=${identity.privKey} `;
  if (useUdp && options.keepUseUdp === true) prefix += 'USEUDP=1 ';

  const request =
    command === null ? null : Buffer.from(prefix + kept.map((t) => `${t} `).join(''), 'latin1');
  return { request, useUdp, command, spoofs, claimedVnodes };
}

// For debug logs: the request with every PRIVKEY value hidden.
export function redactRequest(request: Buffer): string {
  return request
    .toString('latin1')
    .split(' ')
    .map((t) => (t.includes('PRIVKEY=') ? `${t.slice(0, t.indexOf('PRIVKEY=') + 8)}<redacted>` : t))
    .join(' ');
}
