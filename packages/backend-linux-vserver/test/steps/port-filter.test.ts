// portFilter modes on a host without the filter: require refuses with a clear
// error, warn goes on unfiltered (and says so); any other nft failure is a failure.
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStepRegistry, openStepRunner } from '@tbvnode/core';
import { createRecordingRunner, createTestDeps } from '@tbvnode/core/testing';
import { filterTableStep } from '../../src/steps/filter-table.js';
import { portFilterStep } from '../../src/steps/port-filter.js';

const FILTERS = [{ port: 'pnet5', mac: '02:00:ac:10:00:05', ips: ['172.16.0.5'] }];
const NO_NFT = { stdout: '', stderr: 'spawn nft ENOENT', exitCode: 127 };
const NO_TABLE = { stdout: '', stderr: 'Error: Could not process rule: No such file or directory', exitCode: 1 };
const NO_FAMILY = { stdout: '', stderr: 'Error: Could not process rule: Operation not supported', exitCode: 1 };
const OTHER = { stdout: '', stderr: 'Error: Could not process rule: Cannot allocate memory', exitCode: 1 };

describe('anti-spoofing steps when the host cannot filter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'port-filter-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // The step runner wraps a step's error; the step's own error is its cause.
  const failure = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: { cause?: unknown }) => e.cause ?? e);
  const steps = async (reply: { stdout: string; stderr: string; exitCode: number }) => {
    const runner = createRecordingRunner({ script: [{ match: (a) => a[0] === 'nft', reply }] });
    const deps = createTestDeps({ runner });
    return openStepRunner({ scope: 'x', journalPath: path.join(dir, 'journal'), registry: createStepRegistry([filterTableStep, portFilterStep]), deps });
  };

  it.each([
    ['no nft command', NO_NFT, /no nft command.*install nftables/],
    ['a kernel without the bridge family', NO_FAMILY, /Operation not supported.*CONFIG_NF_TABLES_BRIDGE/],
  ])('require: the table step refuses on %s', async (_w, reply, msg) => {
    const s = await steps(reply);
    expect(await failure(s.run(filterTableStep, { mode: 'require' }, { phase: 'runtime' }))).toMatchObject({ code: 'LINUX_NO_PORT_FILTER', message: expect.stringMatching(msg) });
  });
  it('warn: the table step goes on, marked unavailable', async () => {
    const s = await steps(NO_FAMILY);
    expect(await s.run(filterTableStep, { mode: 'warn' }, { phase: 'runtime' })).toEqual({ created: false, unavailable: true });
  });
  it.each(['require', 'warn'] as const)('%s: any other nft failure fails the table step', async (mode) => {
    const s = await steps(OTHER);
    expect(await failure(s.run(filterTableStep, { mode }, { phase: 'runtime' }))).toMatchObject({ code: 'COMMAND_FAILED' });
  });
  it.each([
    ['no table', NO_TABLE, /prepared without it/],
    ['no nft command', NO_NFT, /no nft command/],
  ])('require: the port step refuses with %s', async (_w, reply, msg) => {
    const s = await steps(reply);
    expect(await failure(s.run(portFilterStep, { filters: FILTERS, mode: 'require' }, { phase: 'runtime' }))).toMatchObject({ code: 'LINUX_NO_PORT_FILTER', message: expect.stringMatching(msg) });
  });
  it('warn: the port step goes on unfiltered, and its undo has nothing to do', async () => {
    const s = await steps(NO_TABLE);
    expect(await s.run(portFilterStep, { filters: FILTERS, mode: 'warn' }, { phase: 'runtime' })).toEqual({ applied: false });
    await s.undo('kill');
  });
  it('warn: any other nft failure fails the port step', async () => {
    const s = await steps(OTHER);
    expect(await failure(s.run(portFilterStep, { filters: FILTERS, mode: 'warn' }, { phase: 'runtime' }))).toMatchObject({ code: 'COMMAND_FAILED' });
  });
});
