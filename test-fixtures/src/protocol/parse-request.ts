// How tmcd reads a request: split on single spaces, eat the leading
// PRIVKEY=/VERSION=/REDIRECT=/VNODEID=/IDKEY= tokens in any order, then the
// first other non-empty token is the command, matched by prefix. Pure.
import { matchCommand } from './commands.js';

export const DEFAULT_VERSION = 2;
export const CURRENT_VERSION = 34;
export const MAX_TCP_REQUEST = 16383;
export const MAX_UDP_REQUEST = 2047;

// Why tmcd would answer with nothing; undefined when the request is served.
export type DropReason =
  | 'empty'
  | 'bad-privkey'
  | 'bad-vnodeid'
  | 'bad-idkey'
  | 'stale-buffer'
  | 'no-command'
  | 'unknown-command';

export interface ParsedRequest {
  privKey?: string;
  version: number;
  versionGiven: boolean;
  redirect?: string;
  vnodeId?: string;
  idKey?: string;
  // The command as named in tmcd's table, and the token that matched it.
  command?: string;
  commandToken?: string;
  // Text after the space that follows the command; null when no space
  // followed it (tmcd then hands its handlers a NULL pointer).
  args: string | null;
  // args split on single spaces with empty words removed.
  argv: string[];
  dropped?: DropReason;
}

const HEX = /^[0-9A-Fa-f]+$/;
const VNODE_CHARS = /^[A-Za-z0-9_-]+$/;
const ALNUM = /^[A-Za-z0-9]+$/;

type KeyName = 'PRIVKEY=' | 'REDIRECT=' | 'VNODEID=' | 'IDKEY=';
const WIDTH: Record<KeyName, number> = { 'PRIVKEY=': 128, 'REDIRECT=': 30, 'VNODEID=': 30, 'IDKEY=': 128 };

// sscanf("%Ns") after a literal: 1 with a value, -1 (EOF, which tmcd treats
// as a match) when the token ends before a value, 0 when the literal differs.
function scanKey(token: string, key: KeyName): { kind: 'value'; value: string } | { kind: 'eof' } | { kind: 'no' } {
  if (token.startsWith(key)) {
    const word = /^\s*(\S+)/.exec(token.slice(key.length));
    return word?.[1] ? { kind: 'value', value: word[1].slice(0, WIDTH[key]) } : { kind: 'eof' };
  }
  return key.startsWith(token) ? { kind: 'eof' } : { kind: 'no' };
}

function scanVersion(token: string): number | undefined {
  const m = /^VERSION=\s*([+-]?\d+)/.exec(token);
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 10);
}

// Decode as latin1 so every byte maps to one char; tmcd sees a C string,
// so anything after a NUL does not exist for it.
export function requestText(raw: Buffer): string {
  const nul = raw.indexOf(0);
  return (nul === -1 ? raw : raw.subarray(0, nul)).toString('latin1');
}

export function parseRequest(raw: Buffer | string): ParsedRequest {
  const text = typeof raw === 'string' ? raw : requestText(raw);
  const out: ParsedRequest = { version: DEFAULT_VERSION, versionGiven: false, args: null, argv: [] };
  if (text.length === 0) return { ...out, dropped: 'empty' };
  // tmcd's scratch buffer: an EOF match re-reads whatever the previous
  // successful %s left there; before that it is uninitialised (we drop).
  let scratch: string | undefined;
  let rest: string | null = text;
  while (rest !== null) {
    const sp = rest.indexOf(' ');
    const token = sp === -1 ? rest : rest.slice(0, sp);
    rest = sp === -1 ? null : rest.slice(sp + 1);

    const priv = scanKey(token, 'PRIVKEY=');
    if (priv.kind !== 'no') {
      const value = priv.kind === 'value' ? priv.value : scratch;
      if (value === undefined) return { ...out, dropped: 'stale-buffer' };
      scratch = value;
      if (value.length < 16 || !HEX.test(value)) return { ...out, dropped: 'bad-privkey' };
      out.privKey = value;
      continue;
    }
    const version = scanVersion(token);
    if (version !== undefined) {
      out.version = version;
      out.versionGiven = true;
      continue;
    }
    const redirect = scanKey(token, 'REDIRECT=');
    if (redirect.kind !== 'no') {
      const value = redirect.kind === 'value' ? redirect.value : scratch;
      if (value === undefined) return { ...out, dropped: 'stale-buffer' };
      scratch = value;
      out.redirect = value;
      continue;
    }
    const vnode = scanKey(token, 'VNODEID=');
    if (vnode.kind !== 'no') {
      const value = vnode.kind === 'value' ? vnode.value : scratch;
      if (value === undefined) return { ...out, dropped: 'stale-buffer' };
      scratch = value;
      if (!VNODE_CHARS.test(value)) return { ...out, dropped: 'bad-vnodeid' };
      out.vnodeId = value;
      continue;
    }
    const idKey = scanKey(token, 'IDKEY=');
    if (idKey.kind !== 'no') {
      const value = idKey.kind === 'value' ? idKey.value : scratch;
      if (value === undefined) return { ...out, dropped: 'stale-buffer' };
      scratch = value;
      if (!ALNUM.test(value)) return { ...out, dropped: 'bad-idkey' };
      out.idKey = value;
      continue;
    }
    // Unreachable for an empty token (it is a prefix of every key), kept for clarity.
    if (token.length === 0) continue;

    const entry = matchCommand(token);
    const args = rest;
    const argv = args === null ? [] : args.split(' ').filter((w) => w.length > 0);
    if (!entry) return { ...out, commandToken: token, args, argv, dropped: 'unknown-command' };
    return { ...out, command: entry.name, commandToken: token, args, argv };
  }
  return { ...out, dropped: 'no-command' };
}
