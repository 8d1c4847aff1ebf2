import { describe, expect, it } from 'vitest';
import { decideBootWait, decideStopWait, isFreshMarker } from '../../src/vnodesetup/wait-decisions.js';

describe('isFreshMarker', () => {
  it.each([
    [undefined, 10_000, false],
    [10_000, 10_000, true],
    [10_500, 10_900, true], // same second: coarse timestamps still count
    [9_999, 10_000, false],
    [5_000, 10_000, false],
    [20_000, 10_000, true],
  ])('mtime %s, started %s -> %s', (mtime, started, expected) => {
    expect(isFreshMarker(mtime, started)).toBe(expected);
  });

  it('never counts the marker that was already there when we started', () => {
    expect(isFreshMarker(10_500, 10_000, 10_500)).toBe(false);
    expect(isFreshMarker(10_700, 10_000, 10_500)).toBe(true);
  });
});

describe('decideBootWait', () => {
  const base = { now: 1_000, deadline: 61_000, startedAt: 1_000, markerMtimeMs: undefined, exit: undefined };
  it.each([
    ['nothing yet', {}, { done: false }],
    ['fresh marker', { markerMtimeMs: 2_000 }, { done: true, status: 0, reason: 'running' }],
    ['stale marker only', { markerMtimeMs: 0 }, { done: false }],
    ['marker unchanged since start', { markerMtimeMs: 1_200, previousMarkerMtimeMs: 1_200 }, { done: false }],
    ['manager exited 0', { exit: { code: 0, signal: null } }, { done: true, status: 0, reason: 'manager-exited' }],
    ['manager exited 3', { exit: { code: 3, signal: null } }, { done: true, status: 3, reason: 'manager-exited' }],
    ['manager killed', { exit: { code: null, signal: 'SIGKILL' } }, { done: true, status: 1, reason: 'manager-exited' }],
    ['marker beats exit', { markerMtimeMs: 2_000, exit: { code: 1, signal: null } }, { done: true, status: 0, reason: 'running' }],
    ['deadline', { now: 61_000 }, { done: true, status: 1, reason: 'timeout' }],
    ['exit beats deadline', { now: 61_000, exit: { code: 4, signal: null } }, { done: true, status: 4, reason: 'manager-exited' }],
  ])('%s', (_name, over, expected) => {
    expect(decideBootWait({ ...base, ...over })).toEqual(expected);
  });
});

describe('decideStopWait', () => {
  it.each([
    [{ now: 0, deadline: 30, pidFilePresent: true }, { done: false }],
    [{ now: 0, deadline: 30, pidFilePresent: false }, { done: true, stopped: true }],
    [{ now: 30, deadline: 30, pidFilePresent: true }, { done: true, stopped: false }],
    [{ now: 31, deadline: 30, pidFilePresent: false }, { done: true, stopped: true }],
  ])('%o', (o, expected) => {
    expect(decideStopWait(o)).toEqual(expected);
  });
});
