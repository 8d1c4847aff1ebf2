// Issue 12 item 5: the jail's root owns its image and plants symlinks in it while
// it runs; halt, the next boot and kill must never follow one to a host path.
// Each test plants links to a host dir outside the jail (in the test's aux dir),
// then halts, boots again and kills: the host dir is untouched, the boot fails
// with UNSAFE_PATH where it must, and nothing (mount, md unit, jail) is left.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import type { BackendOptions, VirtualizationBackend, VnodeContext } from '@tbvnode/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@tbvnode/test-fixtures';
import type { JailConfig } from '../../src/index.js';
import { example, vnetNet } from '../fixtures/jailconfigs.js';
import { codesOf, makeVictim, plantLink, tree } from '../support/host-tree.js';
import { VNODE } from '../support/lifecycle.js';
import { bringUp, createWorld, type VnodeNet, type World } from '../support/world.js';

let w: World;
let b: VirtualizationBackend;
let v: VnodeContext;
let victim: string;
let before: unknown;

async function replaceWithLink(rel: string, to: string): Promise<void> {
  await plantLink(v.paths.rootDir, rel, to);
}

async function haltAfter(running: Awaited<ReturnType<typeof bringUp>>): Promise<void> {
  await running.stop(5_000);
  await w.undo(v, 'halt');
}

async function rebootFails(): Promise<string[]> {
  const err = await bringUp(b, v, await w.open(v)).then(() => null, (e: unknown) => e);
  return codesOf(err);
}

async function killAndCheckNothingLeaks(o: { killed?: boolean } = {}): Promise<void> {
  if (!o.killed) await w.undo(v, 'kill');
  await w.undoHost();
  // The manager's, not the backend's.
  await fsp.rm(v.paths.tmccCacheDir, { recursive: true });
  expect(w.fake.state()).toMatchObject({ md: [], jails: [], dying: [], processes: [] });
  expect(await w.snapshot()).toEqual(before);
}

async function setUp(options: BackendOptions = {}, net?: VnodeNet): Promise<void> {
  w = await createWorld(options);
  before = await w.snapshot();
  b = w.backend();
  await b.prepareHost(w.hostCtx, await w.openHost());
  v = await w.vnode(VNODE, example as JailConfig, net);
  victim = path.join(w.aux, 'host-dir');
  await makeVictim(victim, VNODE);
  // The vnode's tmcc cache, as the manager leaves it: the backend copies it into the jail.
  await fsp.mkdir(v.paths.tmccCacheDir, { recursive: true });
  await fsp.writeFile(path.join(v.paths.tmccCacheDir, 'ifconfig'), 'INTERFACE=\n');
}

beforeEach(() => setUp());

afterEach(async () => {
  await w.dispose();
});

/** Boot, let the jail plant its links, halt, boot again (refused), kill: the host dir never changes. */
async function attackFiles(links: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const host = await tree(victim);
  const running = await bringUp(b, v, await w.open(v));
  for (const [rel, to] of links) await replaceWithLink(rel, path.join(victim, to));
  await haltAfter(running);
  expect(await tree(victim)).toEqual(host);
  expect(await rebootFails()).toContain('UNSAFE_PATH');
  // Nothing read through a link lands in the journal either.
  for (const text of ['host secret\n', 'host rc.conf\n']) {
    expect(await fsp.readFile(v.paths.journal, 'utf8')).not.toContain(Buffer.from(text).toString('base64'));
  }
  expect(await tree(victim)).toEqual(host);
  await killAndCheckNothingLeaks();
  expect(await tree(victim)).toEqual(host);
}

/** The same with a host file system mounted on the dir the link names: never covered, never unmounted. */
async function attackMount(rel: string, beforeReboot: () => Promise<void> = async () => undefined): Promise<void> {
  await w.fake.addMount({ source: '/dev/ada1p1', target: victim, fstype: 'nullfs', options: [] });
  const hostMount = `nullfs /dev/ada1p1 ${victim}`;
  const running = await bringUp(b, v, await w.open(v));
  await replaceWithLink(rel, victim);
  await haltAfter(running);
  expect(w.fake.state()['mounts']).toEqual([hostMount]);
  await beforeReboot();
  expect(await rebootFails()).toContain('UNSAFE_PATH');
  expect((w.fake.state()['mounts'] as string[]).filter((m) => m.endsWith(victim))).toEqual([hostMount]);
  await w.undo(v, 'kill');
  expect(w.fake.state()['mounts']).toEqual([hostMount]);
  await w.fake.removeMount(w.fake.mounts[0] as (typeof w.fake.mounts)[number]);
  await killAndCheckNothingLeaks({ killed: true });
}

describe('links the jail planted in its image are never followed by the host', () => {
  it.each([['etc'], ['etc/jail'], ['var/emulab/boot']])('/%s replaced by a link to a host dir: halt restores or removes nothing there, the reboot writes nothing there and fails', (rel) =>
    attackFiles([[rel, '.']]));

  // sshd_config came from the template, so halt has previous content to restore there and the reboot
  // a previous content to read: both meet the link. The others had none: halt removes the link itself.
  it('files the host writes (rc.conf, sshd_config, injail, the boot dir) replaced by links: never read or written through, the reboot fails', () =>
    attackFiles([
      ['etc/rc.conf', 'rc.conf'], ['etc/ssh/sshd_config', 'rc.conf'], ['etc/jail/injail', 'injail'], ['var/emulab/boot/nodeid', 'nodeid'], ['var/emulab/boot/vrunning', 'vrunning'],
    ]));

  it('a project mount point made a link to a host mount point while unmounted: the reboot mounts nothing over it, kill unmounts nothing of the host\'s', async () => {
    // /local/<project> is mounted only when the project's dir exists on the host: in this life it does not.
    const project = path.join(w.aux, 'local/myproj');
    await fsp.rm(project, { recursive: true });
    await attackMount('local/myproj', () => fsp.mkdir(project).then(() => undefined));
  });

  // FreeBSD refuses to rename a mounted dir (its name resolves to the mounted file system's root), which the
  // fake does not model: this stands for an image whose /usr, /proc or /dev is a link however it got there.
  it.each(['usr', 'proc', 'dev'])('/%s made a link to a host mount point: halt unmounts only ours, the reboot mounts nothing over the host\'s', (dir) =>
    attackMount(dir));
});

describe('in VNET mode', () => {
  it('/var/emulab/interfaces-ready made a link to a host file: the next boot removes the link, writes its own file there, and the host file is untouched', async () => {
    await w.dispose();
    await setUp({ netMode: 'vnet' }, vnetNet);
    const host = await tree(victim);
    const running = await bringUp(b, v, await w.open(v));
    await replaceWithLink('var/emulab/interfaces-ready', path.join(victim, 'vrunning'));
    await haltAfter(running);
    const again = await bringUp(b, v, await w.open(v));
    expect((await fsp.lstat(path.join(v.paths.rootDir, 'var/emulab/interfaces-ready'))).isFile()).toBe(true);
    expect(await tree(victim)).toEqual(host);
    await haltAfter(again);
    await killAndCheckNothingLeaks();
    expect(await tree(victim)).toEqual(host);
  });

  it('an interfaces-ready file the jail made itself does not start the next boot\'s rc before its interfaces', async () => {
    await w.dispose();
    await setUp({ netMode: 'vnet' }, vnetNet);
    const rc = w.fake.jailRc;
    const atRc: number[] = [];
    w.fake.jailRc = async (jail) => {
      atRc.push(jail.ifaces.size);
      await rc?.(jail);
    };
    const running = await bringUp(b, v, await w.open(v));
    await waitFor('the first rc', () => atRc.length === 1, { timeoutMs: 10_000 });
    await fsp.writeFile(path.join(v.paths.rootDir, 'var/emulab/interfaces-ready'), 'made by the jail\n');
    await haltAfter(running);
    const again = await bringUp(b, v, await w.open(v));
    await waitFor('the second rc', () => atRc.length === 2, { timeoutMs: 10_000 });
    // Each boot's rc started with both interfaces in the jail.
    expect(atRc).toEqual([2, 2]);
    await haltAfter(again);
    await killAndCheckNothingLeaks();
  });
});
