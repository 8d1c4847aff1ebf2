import { fileURLToPath } from 'node:url';
import { beneathBypasses, findBeneathBypasses } from '@tbvnode/core/testing';
import { describe, expect, it } from 'vitest';

// Issue 12 item 5: every host-side path below a jail's root (rootDir, or a mount
// `target` in it) goes through core's beneath() (src/steps/in-root.ts); src/testing
// is left out (the fake host is FreeBSD's side, not ours).
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOTS = ['rootDir', 'target'];

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
    expect(beneathBypasses(text, ROOTS)).toEqual(want);
  });

  it('src/ has none', async () => {
    expect(await findBeneathBypasses(SRC, { roots: ROOTS, skip: ['testing'] })).toEqual([]);
  });
});
