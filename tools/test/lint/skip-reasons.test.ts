// A test that cannot run here must say why (STYLE.md): no skip in silence.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanSkips, silentSkips } from '../../src/lint/skip-reasons.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('skip reasons', () => {
  it.each([
    ["it.skip('later', () => {});"],
    ["describe.todo('someday');"],
    ["it.skipIf(!isRoot)('needs root', () => {});"],
    ["describe.skipIf(process.platform !== 'linux')('linux', () => {});"],
    ["it.runIf(isRoot)('as root', () => {});"],
    ["const SKIP = !isRoot;\ndescribe.skipIf(SKIP)('x', () => {});"],
    ["it('maybe', (ctx) => { if (!ok) ctx.skip(); });"],
    ["it('maybe', ({ skip }) => { if (!ok) context.skip('why'); });"],
  ])('finds the silent skip in %j', (text) => {
    expect(silentSkips(text)).not.toEqual([]);
  });

  it.each([
    ["it.skipIf(skipBecause(!isRoot, 'needs root'))('x', () => {});"],
    ["describe.skipIf(needsRoot('LAN tests'))('x', () => {});"],
    ["const SKIP = skipBecause(!BUILT, 'build first');\ndescribe.skipIf(SKIP)('x', () => {});"],
    ["it('maybe', (ctx) => { if (!ok) skipNow(ctx, 'no openssl'); });"],
  ])('lets a skip that prints its reason pass: %j', (text) => {
    expect(silentSkips(text)).toEqual([]);
  });

  it('no test file in the workspace skips in silence', () => {
    expect(scanSkips(root).map((s) => `${s.file}:${s.line}: ${s.why}: ${s.text}`)).toEqual([]);
  });
});
