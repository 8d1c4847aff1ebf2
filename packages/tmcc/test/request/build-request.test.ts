import { describe, expect, it } from 'vitest';
import { buildRequest, MAX_REQUEST_BYTES } from '../../src/request/build-request.js';
import { isTmccError } from '../../src/errors.js';

const KEY = '0123456789abcdef0123';

describe('buildRequest', () => {
  it.each([
    [{ command: 'nodeid' }, 'VERSION=34 nodeid '],
    [{ command: 'ifconfig', args: ['arg1', 'arg2'], vnodeId: 'pcvm1-1', privKey: KEY }, `VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 ifconfig arg1 arg2 `],
    [{ command: 'state', args: ['ISUP'], vnodeId: 'pcvm1-1' }, 'VNODEID=pcvm1-1 VERSION=34 state ISUP '],
    [{ command: 'status', privKey: KEY }, `PRIVKEY=${KEY} VERSION=34 status `],
    [{ command: 'status', version: 12 }, 'VERSION=12 status '],
    [{ command: 'ifconfig', useUdp: true, vnodeId: 'v1' }, 'VNODEID=v1 USEUDP=1 VERSION=34 ifconfig '],
    [{ command: 'a', args: ['b', 'c', 'd', 'e'] }, 'VERSION=34 a b c d e '],
    [{ command: 'x', privKey: '' }, 'VERSION=34 x '],
  ])('%j -> %j', (params, expected) => {
    expect(buildRequest(params).toString('latin1')).toBe(expected);
  });

  it('appends datafile bytes after the last space', () => {
    const r = buildRequest({ command: 'bootlog', datafile: Buffer.from('line1\nline2\n') });
    expect(r.toString()).toBe('VERSION=34 bootlog line1\nline2\n');
  });

  it('truncates a datafile to keep the request within 16383 bytes', () => {
    const r = buildRequest({ command: 'bootlog', datafile: Buffer.alloc(20000, 0x61) });
    expect(r.length).toBe(MAX_REQUEST_BYTES);
    expect(r.subarray(0, 19).toString()).toBe('VERSION=34 bootlog ');
  });

  it('cuts a datafile at its first NUL', () => {
    const r = buildRequest({ command: 'bootlog', datafile: Buffer.from('ab\0cd') });
    expect(r.toString()).toBe('VERSION=34 bootlog ab');
  });

  it.each([
    ['empty datafile', { command: 'x', datafile: Buffer.alloc(0) }, 'TMCC_DATAFILE'],
    ['six words', { command: 'a', args: ['1', '2', '3', '4', '5'] }, 'TMCC_USAGE'],
    ['empty command', { command: '' }, 'TMCC_USAGE'],
    ['NUL in a word', { command: 'a\0b' }, 'TMCC_USAGE'],
    ['too large', { command: 'x'.repeat(MAX_REQUEST_BYTES) }, 'TMCC_TOO_LARGE'],
  ])('%s -> %s', (_what, params, code) => {
    let caught: unknown;
    try {
      buildRequest(params);
    } catch (err) {
      caught = err;
    }
    expect(isTmccError(caught) && caught.code).toBe(code);
  });

  it('accepts a request of exactly 16383 bytes and refuses one more', () => {
    const base = 'VERSION=34  '.length;
    expect(buildRequest({ command: 'x'.repeat(MAX_REQUEST_BYTES - base) }).length).toBe(MAX_REQUEST_BYTES);
    expect(() => buildRequest({ command: 'x'.repeat(MAX_REQUEST_BYTES - base + 1) })).toThrow('Command too large!');
  });
});
