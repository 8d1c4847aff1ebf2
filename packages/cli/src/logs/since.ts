// Pure: --since as an operator writes it — "10m", "2h", "30s", "1d" ago, or a
// date Date.parse understands ("2026-12-02 14:30", an ISO time).
import { usage } from '../commands/common.js';

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(value: string, now: number): number {
  const rel = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (rel) return now - Number(rel[1]) * (UNITS[rel[2] as string] as number);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw usage(`--since wants e.g. 10m, 2h, 1d or a date, got ${JSON.stringify(value)}`);
  return t;
}
