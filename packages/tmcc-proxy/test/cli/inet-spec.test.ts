import { describe, expect, it } from 'vitest';
import { parseInetSpec } from '../../src/cli/inet-spec.js';

const D = { host: '127.0.0.1', port: 7778 };

describe('parseInetSpec', () => {
  it.each([
    [true, D],
    ['', D],
    ['10.0.0.1', { host: '10.0.0.1', port: 7778 }],
    [':7779', { host: '127.0.0.1', port: 7779 }],
    ['10.0.0.1:0', { host: '10.0.0.1', port: 0 }],
    ['[::1]:7779', { host: '::1', port: 7779 }],
    ['[::1]', { host: '::1', port: 7778 }],
    ['::1', null],
    ['boss.example.net:7777', null],
    ['10.0.0.1:70000', null],
    ['10.0.0.1:x', null],
  ] as const)('%j -> %j', (text, expected) => {
    expect(parseInetSpec(text, D)).toEqual(expected);
  });
});
