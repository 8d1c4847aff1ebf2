// The check both backends run in their tests: every host-side path below a vnode
// root goes through beneath() (fs/beneath.ts). It finds a path built on a root
// (a join, resolve or template on one of `roots`) or a mutating fs call on one,
// unless the line (or the one above) says `beneath-ok:` and why.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const FS_CALLS = 'writeFile|appendFile|mkdir|rm|rmdir|unlink|rename|copyFile|cp|chmod|chown|symlink|link|truncate|utimes|open|mkfifo|readdir';

/** Line numbers (1-based) in `text` that build or touch a path under one of `roots` without beneath(). Pure. */
export function beneathBypasses(text: string, roots: readonly string[]): number[] {
  const rootish = String.raw`(?:\w+\.)*(?:${roots.join('|')})\b`;
  const join = new RegExp(String.raw`\bpath\.(?:join|resolve)\(\s*${rootish}|\$\{\s*${rootish}\s*\}/`);
  const mutate = new RegExp(String.raw`\bfs\.(?:${FS_CALLS})\([^)]*${rootish}`);
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (!join.test(line) && !mutate.test(line)) return;
    if (line.includes('beneath-ok:') || (lines[i - 1] ?? '').includes('beneath-ok:')) return;
    out.push(i + 1);
  });
  return out;
}

/** `file:line` of every bypass in the .ts files below `srcDir` (directories named in `skip` left out). */
export async function findBeneathBypasses(srcDir: string, o: { readonly roots: readonly string[]; readonly skip?: readonly string[] }): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(o.skip ?? []).includes(e.name)) await walk(p);
      } else if (e.name.endsWith('.ts')) {
        for (const n of beneathBypasses(await readFile(p, 'utf8'), o.roots)) found.push(`${path.relative(srcDir, p)}:${n}`);
      }
    }
  }
  await walk(srcDir);
  return found;
}
