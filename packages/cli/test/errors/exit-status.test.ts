import { TbvnodeError } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors/cli-error.js';
import { EXIT, exitStatusFor } from '../../src/errors/exit-status.js';

describe('exitStatusFor', () => {
  it.each<[string, unknown, number]>([
    ['usage', new CliError('USAGE', 'x'), EXIT.USAGE],
    ['bad id', new TbvnodeError('INVALID_VNODE_ID', 'x'), EXIT.DATAERR],
    ['bad linux backend option', new TbvnodeError('LINUX_BAD_OPTION', 'x'), EXIT.USAGE],
    ['bad freebsd backend option', new TbvnodeError('FBSD_BAD_OPTION', 'x'), EXIT.USAGE],
    ['backend missing', new CliError('BACKEND_NOT_INSTALLED', 'x'), EXIT.UNAVAILABLE],
    ['stuck manager', new TbvnodeError('MANAGER_STUCK', 'x'), EXIT.FAILURE],
    ['unknown core code', new TbvnodeError('SOMETHING_NEW', 'x'), EXIT.FAILURE],
    ['boss unreachable (tmcc error)', Object.assign(new Error('x'), { code: 'TMCC_CONNECT' }), EXIT.TEMPFAIL],
    ['boss name does not resolve', Object.assign(new Error('x'), { code: 'TMCC_RESOLVE' }), EXIT.TEMPFAIL],
    ['another tmcc error', Object.assign(new Error('x'), { code: 'TMCC_PROTOCOL' }), EXIT.FAILURE],
    ['a bug', new TypeError('x is undefined'), EXIT.SOFTWARE],
    ['a node errno error', Object.assign(new Error('x'), { code: 'ENOENT' }), EXIT.SOFTWARE],
    ['a thrown string', 'oops', EXIT.SOFTWARE],
  ])('%s', (_name, err, status) => {
    expect(exitStatusFor(err)).toBe(status);
  });
});
