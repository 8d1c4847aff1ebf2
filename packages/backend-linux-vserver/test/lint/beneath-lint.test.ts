import { fileURLToPath } from 'node:url';
import { beneathBypasses, findBeneathBypasses } from '@tbvnode/core/testing';
import { describe, expect, it } from 'vitest';

// Issue 10: every host-side path below a vnode's root (rootDir, or the /etc
// overlay's etcDir) goes through core's beneath().
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ROOTS = ['rootDir', 'etcDir'];

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
    expect(beneathBypasses(text, ROOTS)).toEqual(want);
  });

  it('src/ has none', async () => {
    expect(await findBeneathBypasses(SRC, { roots: ROOTS })).toEqual([]);
  });
});
