// Pure: the jails' /etc template in the capability report, like a key: applied
// when it holds no host secret; refused, and fatal, when it holds one or is
// missing (a jail's /etc is never made any other way).
import type { KeyReport } from './types.js';

export function assessEtcTemplate(secrets: readonly string[] | null): KeyReport {
  const key = 'etc template';
  if (secrets === null) {
    return { key, value: 'missing', verdict: 'refused', reason: 'no /etc template for jails: prepare the host again (bootvnodes, or remove the prepared marker)', fatal: true };
  }
  if (secrets.length > 0) {
    return { key, value: `${secrets.length} secrets`, verdict: 'refused', reason: `the template holds host secrets: ${secrets.slice(0, 8).join(', ')}`, fatal: true };
  }
  return { key, value: 'clean', verdict: 'applied', reason: 'allow-listed host files, fresh accounts without hashes; no key, certificate or hash', fatal: false };
}
