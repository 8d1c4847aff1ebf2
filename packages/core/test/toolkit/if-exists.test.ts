import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ifExists, ifExistsSync, isAbsence } from '../../src/toolkit/if-exists.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('isAbsence', () => {
  it.each<[string, unknown, readonly string[], boolean]>([
    ['ENOENT', errno('ENOENT'), [], true],
    ['EACCES is a problem, not an absence', errno('EACCES'), [], false],
    ['ESRCH only when named', errno('ESRCH'), [], false],
    ['ESRCH named', errno('ESRCH'), ['ESRCH'], true],
    ['ENOTDIR named', errno('ENOTDIR'), ['ENOTDIR', 'ESRCH'], true],
    ['no code', new Error('ENOENT'), [], false],
    ['a thrown string', 'ENOENT', [], false],
    ['null', null, [], false],
  ])('%s', (_name, err, also, absent) => expect(isAbsence(err, also)).toBe(absent));
});

describe('ifExists on real files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'if-exists-'));
    await writeFile(path.join(dir, 'there'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the value when the file is there', async () => {
    expect(await ifExists(readFile(path.join(dir, 'there'), 'utf8'))).toBe('x');
  });
  it('gives undefined, or the value asked for, when it is not', async () => {
    expect(await ifExists(readFile(path.join(dir, 'gone'), 'utf8'))).toBeUndefined();
    expect(await ifExists(readFile(path.join(dir, 'gone'), 'utf8'), null)).toBeNull();
    expect(ifExistsSync(() => readFileSync(path.join(dir, 'gone'), 'utf8'), '')).toBe('');
  });
  it('raises any other failure', async () => {
    // A directory read as a file is EISDIR: a problem, never "absent".
    await expect(ifExists(readFile(dir, 'utf8'))).rejects.toMatchObject({ code: 'EISDIR' });
    expect(() => ifExistsSync(() => readFileSync(dir, 'utf8'))).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
  it('treats a named code as absence too', async () => {
    // A path through a file is ENOTDIR.
    const through = path.join(dir, 'there', 'x');
    await expect(ifExists(readFile(through, 'utf8'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(await ifExists(readFile(through, 'utf8'), false, ['ENOTDIR'])).toBe(false);
  });
});
