import { SYSEXITS, isTbvnodeError } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { FreebsdJailError, type FreebsdErrorCode } from '../../src/errors.js';

describe('FreebsdJailError', () => {
  it.each<[FreebsdErrorCode, number]>([
    ['FBSD_BAD_OPTION', SYSEXITS.USAGE],
    ['FBSD_START_FAILED', SYSEXITS.FAILURE],
    ['FBSD_SOCKET_PATH_TOO_LONG', SYSEXITS.FAILURE],
  ])('%s ends a command with %i and carries the house brand', (code, status) => {
    const e = new FreebsdJailError(code, 'x');
    expect(isTbvnodeError(e) && e.exitStatus).toBe(status);
  });
});
