import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 12 item 5: every host-side path below a jail's root goes through core's
// beneath() (src/steps/in-root.ts). This check finds a path built under a root
// (a join/resolve/template on rootDir or target) or a mutating fs call on one,
// anywhere in src/ outside src/testing (the fake host is FreeBSD's side, not
// ours), unless the line (or the one above) says `beneath-ok:` and why.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOTISH = String.raw`(?:\w+\.)*(?:rootDir|target)\b`;
const JOIN = new RegExp(String.raw`\bpath\.(?:join|resolve)\(\s*${ROOTISH}|\$\{\s*${ROOTISH}\s*\}/`);
const MUTATE = new RegExp(
  String.raw`\bfs\.(?:writeFile|appendFile|mkdir|rm|rmdir|unlink|rename|copyFile|cp|chmod|chown|symlink|link|truncate|utimes|open|mkfifo|readdir)\([^)]*${ROOTISH}`,
);

/** Lines that build or touch a path under a jail root without beneath(). Pure. */
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
    if (e.isDirectory()) {
      if (e.name !== 'testing') out.push(...(await sources(p)));
    } else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('no path under a jail root bypasses beneath()', () => {
  it.each<[string, number[]]>([
    ["await steps.run(writeFileStep, { path: path.join(paths.rootDir, 'etc/rc.conf'), content });", [1]],
    ["await fs.mkdir(p.target, { recursive: true });", [1]],
    ["await deps.fs.rm(path.join(p.rootDir, 'var/emulab/boot/vrunning'), { force: true });", [1]],
    ["await fs.cp(source, p.target, { recursive: true });", [1]],
    ["const f = `${p.rootDir}/etc/rc.local`;", [1]],
    ['return await fs.readdir(path.join(rootDir, rel));', [1]],
    ["// beneath-ok: a name only\nconst f = path.join(p.rootDir, 'x');", []],
    ["await root.writeFile('etc/rc.conf', text);", []],
    ['await fs.rm(p.fifo, { force: true });', []],
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
