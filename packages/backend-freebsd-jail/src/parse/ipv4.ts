// Pure IPv4 helpers for jailconfig values and FIB routes.

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Prefix length of a dotted netmask; null when the mask is not contiguous. */
export function maskToPrefix(mask: string): number | null {
  if (!isIpv4(mask)) return null;
  const bits = toInt(mask).toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) return null;
  const zero = bits.indexOf('0');
  return zero === -1 ? 32 : zero;
}

/** "172.16.0.0/12" for ip 172.17.3.1 and mask 255.240.0.0; null for a bad ip or mask. */
export function networkOf(ip: string, mask: string): string | null {
  const prefix = maskToPrefix(mask);
  if (prefix === null || !isIpv4(ip)) return null;
  // JS bitwise operators are 32-bit signed: stay in floating point.
  const size = 2 ** (32 - prefix);
  return `${fromInt(toInt(ip) - (toInt(ip) % size))}/${prefix}`;
}
