import { describe, expect, it } from 'vitest';
import { redactRequest, rewriteRequest, type ProxyIdentity } from '../../src/request/rewrite.js';

const KEY = '0123456789abcdef0123';
const me: ProxyIdentity = { vnodeId: 'pcvm9-9', privKey: KEY };
const rw = (s: string, id = me, o = {}) => rewriteRequest(Buffer.from(s, 'latin1'), id, o);
const text = (s: string, id = me, o = {}) => rw(s, id, o).request?.toString('latin1') ?? null;

describe('rewriteRequest', () => {
  it.each([
    // [client request, forwarded request]
    ['VERSION=34 nodeid ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 nodeid `],
    ['VERSION=34 ifconfig a b ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 ifconfig a b `],
    // TMCD-PROTOCOL.md §7 example, minus Emulab's extra trailing space.
    ['VNODEID=evil VERSION=34 ifconfig a fooVNODEID=x bPRIVKEY=c ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 ifconfig a `],
    ['VNODEID=other PRIVKEY=ffffffffffffffffffff VERSION=34 status ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 status `],
    ['xVNODEID=y VERSION=34 status ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 status `],
    // No trailing space from a sloppy client: tmcd needs one, so it is added.
    ['VERSION=34 nodeid', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 nodeid `],
    // No VERSION: none is added (tmcd then assumes 2, as with Emulab's proxy).
    ['nodeid ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} nodeid `],
    // Empty tokens before the command would make tmcd drop the request.
    ['  VERSION=34  VNODEID=x  nodeid ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 nodeid `],
    // Runs of spaces after the command are the client's argument text: kept.
    ['VERSION=34 state  ISUP ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} VERSION=34 state  ISUP `],
    ['IDKEY=abc VERSION=34 nodeid ', `VNODEID=pcvm9-9 PRIVKEY=${KEY} IDKEY=abc VERSION=34 nodeid `],
  ])('%j -> %j', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('omits PRIVKEY when the proxy has no key', () => {
    expect(text('VERSION=34 nodeid ', { vnodeId: 'v1', privKey: undefined })).toBe('VNODEID=v1 VERSION=34 nodeid ');
    expect(text('VERSION=34 nodeid ', { vnodeId: 'v1', privKey: '' })).toBe('VNODEID=v1 VERSION=34 nodeid ');
  });

  it.each([
    ['USEUDP=1 VERSION=34 nodeid ', true],
    ['USEUDP=10 VERSION=34 nodeid ', true], // substring, as Emulab
    ['VERSION=34 nodeid ', false],
    ['VERSION=34 nodeid USEUDP=0 ', false],
  ])('USEUDP in %j -> %s, token never forwarded', (input, udp) => {
    const r = rw(input);
    expect(r.useUdp).toBe(udp);
    expect(r.request?.toString('latin1').includes('USEUDP=1')).toBe(false);
  });

  it('passes USEUDP=1 on after its own identity when asked (upstream is another proxy)', () => {
    expect(text('USEUDP=1 VERSION=34 nodeid ', me, { keepUseUdp: true })).toBe(
      `VNODEID=pcvm9-9 PRIVKEY=${KEY} USEUDP=1 VERSION=34 nodeid `,
    );
  });

  it.each([[''], [' '], ['   '], ['VERSION=34 '], ['VNODEID=x PRIVKEY=y '], ['VERSION=34 REDIRECT=1.2.3.4 ']])(
    'no command in %j -> nothing to forward',
    (input) => {
      const r = rw(input);
      expect(r.request).toBeNull();
      expect(r.command).toBeNull();
    },
  );

  it('counts spoofs per dropped token and keeps claimed vnode ids but no key material', () => {
    const r = rw('VNODEID=other PRIVKEY=secretsecretsecret xVNODEID=y aPRIVKEY=bVNODEID=z VERSION=34 nodeid ');
    expect(r.spoofs).toEqual(['VNODEID', 'PRIVKEY', 'VNODEID', 'VNODEID', 'PRIVKEY']);
    expect(r.claimedVnodes).toEqual(['other', 'y']);
    expect(JSON.stringify(r.claimedVnodes)).not.toContain('secret');
    expect(r.command).toBe('nodeid');
  });

  it('keeps datafile bytes, including non-ASCII ones', () => {
    const tail = Buffer.from([0xff, 0x0a, 0x80, 0x41]);
    const raw = Buffer.concat([Buffer.from('VERSION=34 bootlog '), tail]);
    const out = rewriteRequest(raw, me).request!;
    expect(out.subarray(out.length - tail.length - 1)).toEqual(Buffer.concat([tail, Buffer.from(' ')]));
  });

  it('reports the command for logs, cut short', () => {
    expect(rw('VERSION=34 ifconfig a ').command).toBe('ifconfig');
    expect(rw(`VERSION=34 ${'x'.repeat(500)} `).command).toHaveLength(64);
  });
});

describe('redactRequest', () => {
  it.each([
    [`VNODEID=v PRIVKEY=${KEY} VERSION=34 nodeid `, 'VNODEID=v PRIVKEY=<redacted> VERSION=34 nodeid '],
    ['VERSION=34 nodeid ', 'VERSION=34 nodeid '],
    ['aPRIVKEY=zzz nodeid ', 'aPRIVKEY=<redacted> nodeid '],
  ])('%j -> %j', (input, expected) => {
    expect(redactRequest(Buffer.from(input))).toBe(expected);
    expect(redactRequest(Buffer.from(input))).not.toContain(KEY);
  });
});
