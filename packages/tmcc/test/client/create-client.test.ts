import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTmccClient } from '../../src/client/create-client.js';
import { isTmccError } from '../../src/errors.js';
import { makeRoot, runCli } from '../helpers/cli.js';
import { startTcpServer, startUnixServer, type StreamServer } from '../helpers/servers.js';

const FULLCONFIG = [
  '*** nodeid', 'pcvm1-1', '*** nodeid',
  '*** ifconfig', 'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 VMAC=00000a010102', '*** ifconfig',
  '*** delay', '*** delay',
  '*** ipodinfo', 'HASH=secret', '*** ipodinfo',
  '*** status', 'ALLOCATED=p/e', '*** status',
  '',
].join('\n');

let root: Awaited<ReturnType<typeof makeRoot>>;
let server: StreamServer;
let reply: string;
beforeEach(async () => {
  root = await makeRoot();
  reply = FULLCONFIG;
  server = await startTcpServer((req) => (req.toString().includes('fullconfig') ? reply : `LIVE ${req.toString()}\n`));
});
afterEach(async () => {
  await server.close();
  await root.cleanup();
});

function client(extra: Partial<Parameters<typeof createTmccClient>[0]> = {}) {
  return createTmccClient({ root: root.root, target: { kind: 'tcp', host: '127.0.0.1', ports: [server.port] }, vnodeId: 'pcvm1-1', privKey: 'k'.repeat(16), ...extra });
}

describe('fillCache', () => {
  it('writes one file per section under tmcc.<vnodeid>, ipodinfo private', async () => {
    const dir = await client().fillCache();
    expect(dir).toBe(join(root.root, 'var/emulab/boot/tmcc.pcvm1-1'));
    expect((await readdir(dir)).sort()).toEqual(['delay', 'ifconfig', 'ipodinfo', 'nodeid', 'status']);
    expect(await readFile(join(dir, 'nodeid'), 'utf8')).toBe('pcvm1-1\n');
    expect(await readFile(join(dir, 'delay'), 'utf8')).toBe('');
    expect((await stat(join(dir, 'ipodinfo'))).mode & 0o777).toBe(0o600);
    expect(server.requests.map(String)).toEqual([`VNODEID=pcvm1-1 PRIVKEY=${'k'.repeat(16)} VERSION=34 fullconfig `]);
  });

  it('uses tmcc/ without a vnode id and refuses ids that are not [-\\w]+', async () => {
    expect(await client({ vnodeId: undefined }).fillCache()).toBe(join(root.root, 'var/emulab/boot/tmcc'));
    let caught: unknown;
    try {
      client({ vnodeId: '../x' });
    } catch (err) {
      caught = err;
    }
    expect(isTmccError(caught) && caught.code).toBe('TMCC_USAGE');
  });

  it('keeps the old cache when the new fullconfig is cut off or empty', async () => {
    const dir = await client().fillCache();
    reply = '*** nodeid\npcvm1-1\n';
    await expect(client().fillCache()).rejects.toMatchObject({ code: 'TMCC_PARSE' });
    reply = '';
    await expect(client().fillCache()).rejects.toMatchObject({ code: 'TMCC_PROTOCOL' });
    expect(await readFile(join(dir, 'nodeid'), 'utf8')).toBe('pcvm1-1\n');
  });
});

describe('request and the cache rules', () => {
  it('answers cached commands without arguments locally, others from the server', async () => {
    const c = client();
    await c.fillCache();
    expect((await c.request('ifconfig')).toString()).toContain('INET=10.1.1.2');
    expect((await c.request('delay')).toString()).toBe('');
    expect(server.requests).toHaveLength(1);
    // With arguments, always-live commands, uncached commands, or the cache off: the server.
    expect((await c.request('ifconfig', ['x'])).toString()).toMatch(/^LIVE .* ifconfig x \n$/);
    expect((await c.request('status')).toString()).toMatch(/^LIVE .* status \n$/);
    expect((await c.request('accounts')).toString()).toMatch(/^LIVE .* accounts \n$/);
    expect((await client({ useCache: false }).request('nodeid')).toString()).toMatch(/^LIVE .* nodeid \n$/);
    expect(server.requests).toHaveLength(5);
  });

  it('skips stray section markers when reading a cache file', async () => {
    const dir = await client().fillCache();
    await writeFile(join(dir, 'nodeid'), '*** nodeid\npcvm1-1\n');
    expect((await client().request('nodeid')).toString()).toBe('pcvm1-1\n');
  });

  it('goes through <root>/var/emulab/boot/proxypath unless told not to', async () => {
    const proxy = await startUnixServer(join(root.root, 'tmcc.sock'), () => 'PROXIED\n');
    try {
      await root.put('var/emulab/boot/proxypath', '/tmcc.sock\n');
      expect((await client({ useCache: false }).request('nodeid')).toString()).toBe('PROXIED\n');
      expect((await client({ useCache: false, useProxyPath: false }).request('nodeid')).toString()).toMatch(/^LIVE/);
      expect(proxy.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('the command and the cache', () => {
  it('answers from the cache, -d says so, -b goes to the server', async () => {
    await client().fillCache();
    const env = { BOSSNAME: `127.0.0.1:${server.port}` };
    const cached = await runCli(['-d', '-n', 'pcvm1-1', 'nodeid'], { root: root.root, env });
    expect(cached.stdout.toString()).toBe('pcvm1-1\n');
    expect(cached.stderr).toBe(`Fetching locally from ${join(root.root, 'var/emulab/boot/tmcc.pcvm1-1/nodeid')}\n`);
    const live = await runCli(['-b', '-n', 'pcvm1-1', 'nodeid'], { root: root.root, env });
    expect(live.stdout.toString()).toBe('LIVE VNODEID=pcvm1-1 VERSION=34 nodeid \n');
  });
});
