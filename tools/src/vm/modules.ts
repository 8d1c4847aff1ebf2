// Pure: which kernel modules to insmod, in which order, from depmod's modules.dep.
// The initramfs has no modprobe of its own to work this out (it loads by path).

export interface ModuleIndex {
  /** module name (dashes as underscores) -> its path relative to lib/modules/<ver> */
  readonly paths: ReadonlyMap<string, string>;
  /** path -> the paths it needs, as modules.dep lists them (deepest last) */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

export function moduleName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|gz|zst))?$/, '').replace(/-/g, '_');
}

export function parseModulesDep(text: string): ModuleIndex {
  const paths = new Map<string, string>();
  const deps = new Map<string, readonly string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const file = line.slice(0, colon).trim();
    paths.set(moduleName(file), file);
    deps.set(file, line.slice(colon + 1).trim().split(/\s+/).filter(Boolean));
  }
  return { paths, deps };
}

/**
 * The files to insmod for `wanted`, each after everything it needs. Throws with the
 * names modules.dep does not know (a built-in module needs no loading: pass `builtin`).
 */
export function loadOrder(index: ModuleIndex, wanted: readonly string[], builtin: ReadonlySet<string> = new Set()): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: readonly string[]): void => {
    if (seen.has(file)) return;
    if (chain.includes(file)) throw new Error(`module dependency loop: ${[...chain, file].join(' -> ')}`);
    // modules.dep lists every transitive dependency, deepest last: visit each first.
    for (const d of [...(index.deps.get(file) ?? [])].reverse()) visit(d, [...chain, file]);
    seen.add(file);
    order.push(file);
  };
  const missing: string[] = [];
  for (const name of wanted.map((w) => w.replace(/-/g, '_'))) {
    const file = index.paths.get(name);
    if (file) visit(file, []);
    else if (!builtin.has(name)) missing.push(name);
  }
  if (missing.length > 0) throw new Error(`kernel modules not found in modules.dep: ${missing.join(', ')}`);
  return order;
}

/** Names in modules.builtin (one path per line). */
export function parseBuiltin(text: string): Set<string> {
  return new Set(text.split('\n').filter(Boolean).map(moduleName));
}
