import { describe, expect, it } from 'vitest';
import { parseRequest, type ParsedRequest } from '../../src/protocol/parse-request.js';

const KEY = '0123456789abcdef0123';

describe('parseRequest: leading tokens', () => {
  const cases: Array<[string, Partial<ParsedRequest>]> = [
    // Every order of the leading tokens gives the same result.
    [`VNODEID=pcvm1-1 PRIVKEY=${KEY} VERSION=34 ifconfig `, { vnodeId: 'pcvm1-1', privKey: KEY, version: 34, command: 'ifconfig' }],
    [`VERSION=34 PRIVKEY=${KEY} VNODEID=pcvm1-1 ifconfig `, { vnodeId: 'pcvm1-1', privKey: KEY, version: 34, command: 'ifconfig' }],
    [`PRIVKEY=${KEY} VNODEID=pcvm1-1 VERSION=34 ifconfig `, { vnodeId: 'pcvm1-1', privKey: KEY, version: 34, command: 'ifconfig' }],
    ['REDIRECT=10.10.1.1 IDKEY=abc123 VERSION=7 nodeid ', { redirect: '10.10.1.1', idKey: 'abc123', version: 7, command: 'nodeid' }],
    // No VERSION: tmcd assumes 2.
    ['nodeid ', { version: 2, versionGiven: false, command: 'nodeid' }],
    ['VERSION=34 nodeid ', { version: 34, versionGiven: true }],
    // A later token of the same kind wins.
    ['VERSION=3 VERSION=34 nodeid ', { version: 34 }],
    // VERSION=%d reads the leading digits.
    ['VERSION=34abc nodeid ', { version: 34, command: 'nodeid' }],
    // Not a number: the token is taken as the command, and is none.
    ['VERSION=x nodeid ', { commandToken: 'VERSION=x', dropped: 'unknown-command' }],
    // Leading tokens after the command are arguments.
    ['nodeid VNODEID=pcvm1-1 ', { command: 'nodeid', argv: ['VNODEID=pcvm1-1'] }],
  ];
  it.each(cases)('%j', (request, expected) => {
    expect(parseRequest(request)).toMatchObject(expected);
  });
});

describe('parseRequest: VNODEID validation', () => {
  it.each([
    ['VNODEID=pcvm1-1 nodeid ', 'pcvm1-1', undefined],
    ['VNODEID=Host_a-9 nodeid ', 'Host_a-9', undefined],
    ['VNODEID=bad.id nodeid ', undefined, 'bad-vnodeid'],
    ['VNODEID=bad/id nodeid ', undefined, 'bad-vnodeid'],
    // %30s: only the first 30 characters are read.
    [`VNODEID=${'a'.repeat(35)} nodeid `, 'a'.repeat(30), undefined],
    // The 31st character is not even looked at.
    [`VNODEID=${'a'.repeat(30)}!! nodeid `, 'a'.repeat(30), undefined],
  ] as const)('%s', (request, vnodeId, dropped) => {
    const p = parseRequest(request);
    expect(p.vnodeId).toBe(vnodeId);
    expect(p.dropped).toBe(dropped);
  });
});

describe('parseRequest: PRIVKEY and IDKEY validation', () => {
  it.each([
    [`PRIVKEY=${KEY} nodeid `, undefined],
    ['PRIVKEY=0123456789abcde nodeid ', 'bad-privkey'], // 15 digits
    ['PRIVKEY=0123456789abcdefg nodeid ', 'bad-privkey'],
    ['IDKEY=abc-def nodeid ', 'bad-idkey'],
  ] as const)('%s', (request, dropped) => {
    expect(parseRequest(request).dropped).toBe(dropped);
  });
});

describe('parseRequest: command by prefix in table order', () => {
  it.each([
    ['readycount ', 'readycount'],
    ['ready ', 'ready'],
    ['readyXYZ ', 'ready'],
    ['startstatus ', 'startstatus'],
    ['startstat ', 'startstat'],
    ['statex ', 'state'],
    ['status ', 'status'],
    ['vnodelistfoo ', 'vnodelist'],
    ['fullconfig ', 'fullconfig'],
    ['full ', undefined],
    ['NODEID ', undefined],
  ] as const)('%s -> %s', (request, command) => {
    const p = parseRequest(`VERSION=34 ${request}`);
    expect(p.command).toBe(command);
    expect(p.dropped).toBe(command === undefined ? 'unknown-command' : undefined);
  });
});

describe('parseRequest: arguments and the trailing space', () => {
  it('keeps the raw argument text and the words', () => {
    const p = parseRequest('VERSION=34 ifconfig a  b ');
    expect(p.args).toBe('a  b ');
    expect(p.argv).toEqual(['a', 'b']);
  });

  it('has null args when nothing, not even a space, follows the command', () => {
    expect(parseRequest('VERSION=34 nodeid')).toMatchObject({ command: 'nodeid', args: null, argv: [] });
    expect(parseRequest('VERSION=34 nodeid ')).toMatchObject({ command: 'nodeid', args: '' });
  });

  it('keeps a datafile appended after the last space as args', () => {
    expect(parseRequest('VERSION=34 bootlog some\nlog text').args).toBe('some\nlog text');
  });

  it('sees nothing after a NUL byte', () => {
    expect(parseRequest(Buffer.from('VERSION=34 nodeid \0VNODEID=x')).args).toBe('');
  });
});

describe('parseRequest: empty and broken tokens (tmcd sscanf quirks)', () => {
  it.each([
    ['', 'empty'],
    [' ', 'stale-buffer'],
    // An empty token before the command: sscanf returns EOF, which tmcd
    // takes as a PRIVKEY match on a buffer never written: dropped.
    ['VERSION=34  nodeid ', 'stale-buffer'],
    ['VNODEID=pcvm1-1  nodeid ', 'bad-privkey'], // reuses "pcvm1-1": too short for a key
    ['PRIVKEY= nodeid ', 'stale-buffer'],
    // Leading tokens only: no command at all.
    ['VERSION=34', 'no-command'],
    // strsep yields a final empty token after the trailing space.
    ['VERSION=34 ', 'stale-buffer'],
  ] as const)('%j -> %s', (request, dropped) => {
    expect(parseRequest(request).dropped).toBe(dropped);
  });

  it('re-reads a good key left in the buffer (double space after PRIVKEY)', () => {
    expect(parseRequest(`PRIVKEY=${KEY}  VERSION=34 nodeid `)).toMatchObject({ privKey: KEY, command: 'nodeid' });
  });

  it('treats empty words after the command as part of the arguments', () => {
    expect(parseRequest('VERSION=34 ifconfig a  ')).toMatchObject({ command: 'ifconfig', args: 'a  ', argv: ['a'] });
  });
});
