// Pure IPv4 helpers both backends need (tmcd's INET/MASK values, jail addresses).
// JS bitwise operators are 32-bit signed, so addresses stay in floating point.

/** The address as a number (0..2^32-1), or null when it is not a dotted quad. */
export function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    v = v * 256 + Number(p);
  }
  return v;
}

export function isIpv4(s: string): boolean {
  return parseIpv4(s) !== null;
}

/** Prefix length of a dotted netmask (255.240.0.0 -> 12); null when it is not a contiguous mask. */
export function maskToPrefix(mask: string): number | null {
  const v = parseIpv4(mask);
  if (v === null) return null;
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (v === 2 ** 32 - 2 ** (32 - prefix)) return prefix;
  }
  return null;
}
