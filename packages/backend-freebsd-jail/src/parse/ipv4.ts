// Pure IPv4 helpers for jailconfig values and FIB routes.
import { isIpv4, maskToPrefix, parseIpv4 } from '@tbvnode/core';

function toInt(ip: string): number {
  return parseIpv4(ip) ?? NaN;
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** "172.16.0.0/12" for ip 172.17.3.1 and mask 255.240.0.0; null for a bad ip or mask. */
export function networkOf(ip: string, mask: string): string | null {
  const prefix = maskToPrefix(mask);
  if (prefix === null || !isIpv4(ip)) return null;
  // JS bitwise operators are 32-bit signed: stay in floating point.
  const size = 2 ** (32 - prefix);
  return `${fromInt(toInt(ip) - (toInt(ip) % size))}/${prefix}`;
}
