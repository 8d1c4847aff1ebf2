import { describe, expect, it } from 'vitest';
import { mergeRequest, requestForSignal, teardownFor, type StopRequest } from '../../src/manager/lifecycle.js';

describe('requestForSignal', () => {
  it.each([
    ['SIGTERM', 'halt'],
    ['SIGUSR1', 'kill'],
    ['SIGINT', 'kill'],
    ['SIGHUP', 'kill'],
    ['SIGUSR2', 'reboot'],
    ['SIGQUIT', undefined],
    ['SIGKILL', undefined],
  ])('%s -> %s', (signal, expected) => {
    expect(requestForSignal(signal)).toBe(expected);
  });
});

describe('mergeRequest', () => {
  it.each<[StopRequest | undefined, StopRequest, StopRequest]>([
    [undefined, 'reboot', 'reboot'],
    [undefined, 'halt', 'halt'],
    ['reboot', 'halt', 'halt'],
    ['reboot', 'kill', 'kill'],
    ['halt', 'kill', 'kill'],
    ['kill', 'halt', 'kill'],
    ['kill', 'reboot', 'kill'],
    ['halt', 'reboot', 'halt'],
  ])('%s then %s -> %s', (pending, incoming, expected) => {
    expect(mergeRequest(pending, incoming)).toBe(expected);
  });
});

describe('teardownFor', () => {
  it.each([
    [{ kind: 'request', request: 'halt' }, 'SHUTDOWN', 'halt', 'no', false, 0],
    [{ kind: 'request', request: 'kill' }, 'SHUTDOWN', 'kill', 'yes', false, 0],
    [{ kind: 'request', request: 'reboot' }, 'SHUTDOWN', 'halt', 'no', true, 0],
    [{ kind: 'vnode-exited', code: 0, signal: null }, 'TBFAILED', 'kill', 'yes', false, 1],
    [{ kind: 'setup-failed', error: new Error('x') }, 'TBFAILED', 'failure', 'if-empty', false, 1],
    [{ kind: 'node-free' }, undefined, 'kill', 'yes', false, 0],
  ] as const)('%o', (reason, state, undo, removeConfigDir, bootAgain, exitCode) => {
    expect(teardownFor(reason)).toEqual({ state, undo, removeConfigDir, bootAgain, exitCode });
  });
});
