// IPv4 helpers for the control net (Emulab: vnodes on 172.16.0.0/12, router 172.16.0.1).

export const JAIL_CNET_MASK = '255.240.0.0';
export const JAIL_ROUTER = '172.16.0.1';
import { maskToPrefix } from '@tbvnode/core';

/** A dotted mask (255.240.0.0 -> 12) or a bare prefix ("12" passes through); null otherwise. */
export function maskOrPrefix(mask: string): number | null {
  if (/^\d{1,2}$/.test(mask)) return Number(mask) <= 32 ? Number(mask) : null;
  return maskToPrefix(mask);
}
