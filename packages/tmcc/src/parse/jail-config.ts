// jailconfig: one or more KEY=value per line; a key that repeats (one IPADDR per
// line, say) becomes an array in order, others stay strings.
import { parseKeyValues, replyLines } from './key-values.js';

export function parseJailConfig(text: string): Record<string, string | string[]> {
  const seen = new Map<string, string[]>();
  for (const line of replyLines(text)) {
    for (const [k, v] of parseKeyValues(line)) {
      const list = seen.get(k);
      if (list) list.push(v);
      else seen.set(k, [v]);
    }
  }
  return Object.fromEntries([...seen].map(([k, vs]) => [k, vs.length === 1 ? (vs[0] as string) : vs]));
}
