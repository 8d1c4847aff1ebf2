// IPv4 helpers for the control net (Emulab: vnodes on 172.16.0.0/12, router 172.16.0.1).

export const JAIL_CNET_MASK = '255.240.0.0';
export const JAIL_ROUTER = '172.16.0.1';

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

/** 255.240.0.0 -> 12; a bare prefix "12" passes through; null when not a contiguous mask. */
export function maskToPrefix(mask: string): number | null {
  if (/^\d{1,2}$/.test(mask)) return Number(mask) <= 32 ? Number(mask) : null;
  const v = parseIpv4(mask);
  if (v === null) return null;
  let prefix = 0;
  while (prefix < 32 && v & (2 ** (31 - prefix))) prefix++;
  const rebuilt = prefix === 0 ? 0 : (2 ** 32 - 2 ** (32 - prefix));
  return rebuilt === v ? prefix : null;
}
