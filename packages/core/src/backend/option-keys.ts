// Backend options come from an operator's JSON (TBVNODE_BACKEND_OPTIONS). A
// misspelt key used to be ignored in silence, so a limit the operator meant
// to set was simply not there: every backend refuses keys it does not know
// and names the nearest one it does.

export interface UnknownOption {
  readonly key: string;
  readonly suggestion?: string;
}

// Keys the CLI hands to every backend (nodePath, tmccBundle for the tmcc
// inside); a backend that has no use for them still accepts them. Boss is not
// an option: backends learn it as VnodeConfig.boss.
export const EDGE_OPTION_KEYS: readonly string[] = ['nodePath', 'tmccBundle'];

// Levenshtein distance, case folded (memoryMB vs memoryMb is distance 0).
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] as number;
}

// The known key nearest to `key`, if it is near enough to be a likely typo.
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

// Pure: the keys of `options` that are not in `known` (undefined values are
// "not set" and never count), each with its likely intended key.
export function unknownOptions(options: Readonly<Record<string, unknown>>, known: readonly string[]): UnknownOption[] {
  const out: UnknownOption[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const suggestion = nearestKey(key, known);
    out.push(suggestion === undefined ? { key } : { key, suggestion });
  }
  return out;
}

// One line for an error message: `unknown option "memoryMB" (did you mean "memoryMb"?)`.
export function describeUnknownOptions(unknown: readonly UnknownOption[], known: readonly string[]): string {
  const parts = unknown.map((u) => `unknown option ${JSON.stringify(u.key)}${u.suggestion ? ` (did you mean ${JSON.stringify(u.suggestion)}?)` : ''}`);
  return `${parts.join('; ')}; known options: ${[...known].sort().join(', ')}`;
}
