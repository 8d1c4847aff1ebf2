// Strict port and number parsing: Emulab uses atoi (so "77x" is 77 and "x" is 0);
// tbvnode refuses such values with a clear message instead.
import { TmccError, type TmccErrorCode } from '../errors.js';

export function parseNonNegativeInt(text: string, what: string, code: TmccErrorCode = 'TMCC_USAGE'): number {
  if (!/^\d{1,9}$/.test(text)) throw new TmccError(code, `${what}: not a non-negative integer: '${text}'`);
  return Number(text);
}

export function parsePort(text: string, what: string, code: TmccErrorCode = 'TMCC_USAGE'): number {
  const n = parseNonNegativeInt(text, what, code);
  if (n < 1 || n > 65535) throw new TmccError(code, `${what}: port out of range 1-65535: '${text}'`);
  return n;
}

/** Splits `host[:port]`; an empty port means none (as atoi("") == 0 means none in Emulab). */
export function splitHostPort(value: string, what: string): { host: string; port?: number } {
  const colon = value.indexOf(':');
  if (colon === -1) return { host: value };
  const portText = value.slice(colon + 1);
  const host = value.slice(0, colon);
  if (portText === '') return { host };
  return { host, port: parsePort(portText, what, 'TMCC_CONFIG') };
}
