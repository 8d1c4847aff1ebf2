import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 10: every host-side path below a vnode's root goes through core's
// beneath(). This check finds a path built under a root (a join/resolve on
// rootDir or etcDir) or a mutating fs call on one, anywhere in src/, unless the
// line (or the one above) says `beneath-ok:` and why.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOTISH = String.raw`(?:\w+\.)*(?:rootDir|etcDir)\b`;
const JOIN = new RegExp(String.raw`\bpath\.(?:join|resolve)\(\s*${ROOTISH}`);
const MUTATE = new RegExp(String.raw`\bfs\.(?:writeFile|appendFile|mkdir|rm|rmdir|unlink|rename|copyFile|cp|chmod|chown|symlink|link|truncate|utimes|open|mkfifo)\([^)]*${ROOTISH}`);

/** Lines that build or touch a path under a vnode root without beneath(). Pure. */
export function bypasses(text: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (!JOIN.test(line) && !MUTATE.test(line)) return;
    if (line.includes('beneath-ok:') || (lines[i - 1] ?? '').includes('beneath-ok:')) return;
    out.push(i + 1);
  });
  return out;
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('no path under a vnode root bypasses beneath()', () => {
  it.each<[string, number[]]>([
    ["await fs.writeFile(path.join(p.rootDir, 'var/emulab/boot/myip'), ip);", [1]],
    ["const f = path.join(vnode.paths.rootDir, 'opt/tbvnode/rc.sh');", [1]],
    ["await env.deps.fs.copyFile(src, p.rootDir + '/x');", [1]],
    ["await fs.chmod(path.resolve(etcDir, rel), 0o755);", [1]],
    ["// beneath-ok: read only\nconst f = path.join(p.rootDir, 'x');", []],
    ["await root.writeFile('var/emulab/boot/myip', ip);", []],
    ["await fs.writeFile(p.pidFile, pid);", []],
  ])('finds bypasses in %j', (text, want) => {
    expect(bypasses(text)).toEqual(want);
  });

  it('src/ has none', async () => {
    const found: string[] = [];
    for (const file of await sources(SRC)) {
      for (const n of bypasses(await readFile(file, 'utf8'))) found.push(`${path.relative(SRC, file)}:${n}`);
    }
    expect(found).toEqual([]);
  });
});
