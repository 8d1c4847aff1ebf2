// Every skipped test prints why (STYLE.md). A skip is loud only when its
// condition goes through test-fixtures' skipBecause (or a wrapper of it) and a
// skip from inside a test through skipNow; anything else skips in silence.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Calls that print their reason and return the skip condition. */
const PRINTERS = ['skipBecause', 'needsRoot'];

export interface SilentSkip {
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** The silent skips in one file's text. */
export function silentSkips(text: string): SilentSkip[] {
  const bound = new Set(
    [...text.matchAll(/\bconst (\w+) =\s*(\w+)\(/g)].filter((m) => PRINTERS.includes(m[2]!)).map((m) => m[1]!),
  );
  const out: SilentSkip[] = [];
  text.split('\n').forEach((src, i) => {
    const hit = (why: string) => out.push({ line: i + 1, text: src.trim(), why });
    if (/\b(it|test|describe|suite)\.(skip|todo)\s*\(/.test(src)) hit('an unconditional skip or todo says nothing about why');
    if (/\.runIf\s*\(/.test(src)) hit('runIf has no reason; use skipIf(skipBecause(...))');
    for (const m of src.matchAll(/\.skipIf\s*\(\s*(!?)(\w+)(\s*\()?/g)) {
      const [, not, name, call] = m;
      if (!not && call && PRINTERS.includes(name!)) continue;
      if (!not && !call && bound.has(name!)) continue;
      hit('skipIf on a bare condition; wrap it in skipBecause(condition, reason)');
    }
    if (/\b(?!it\b|test\b|describe\b)\w+\.skip\s*\(/.test(src) && !/\bskipNow\(/.test(src)) {
      hit('a skip from inside a test; use skipNow(ctx, reason)');
    }
  });
  return out;
}

function testFiles(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') testFiles(p, out);
    } else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Every test file and test kit of the workspace. core's conformance suite is left
 * out: it cannot import test-fixtures (published code) and prints its reason from
 * the subject's `requires()` itself. So are the printers themselves.
 */
export function scanSkips(root: string): Array<SilentSkip & { file: string }> {
  const dirs = ['packages', 'test-fixtures', 'tools'].flatMap((top) => {
    const base = path.join(root, top);
    const pkgs = top === 'packages' ? readdirSync(base).map((p) => path.join(base, p)) : [base];
    return pkgs.flatMap((p) => [path.join(p, 'test'), path.join(p, 'src', 'testing')]);
  });
  const exempt = new Set([
    path.join(root, 'packages/core/src/testing/conformance.ts'),
    path.join(root, 'test-fixtures/src/testing/skip.ts'),
    // tmcc is below test-fixtures in the graph: its tests keep a copy of the two printers.
    path.join(root, 'packages/tmcc/test/helpers/skip.ts'),
    path.join(root, 'tools/test/lint/skip-reasons.test.ts'),
  ]);
  const files = dirs.flatMap((d) => {
    try {
      return testFiles(d, []);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  });
  return files
    .filter((f) => !exempt.has(f))
    .flatMap((f) => silentSkips(readFileSync(f, 'utf8')).map((s) => ({ ...s, file: path.relative(root, f) })));
}
