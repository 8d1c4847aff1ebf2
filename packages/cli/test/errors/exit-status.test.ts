import {
  BadPidFileError,
  CommandError,
  InvalidVnodeIdError,
  LockTimeoutError,
  StepFailedError,
  TbvnodeError,
  UnknownStepTypeError,
  UnsafePathError,
  VnodesetupError,
} from '@tbvnode/core';
import { TmccError } from '@tbvnode/tmcc';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors/cli-error.js';
import { EXIT, exitStatusFor } from '../../src/errors/exit-status.js';

// The errors each package really raises; the backends' and the proxy's (which the
// CLI may not import) are in tools/test/errors/exit-status.test.ts.
describe('exitStatusFor', () => {
  it.each<[string, unknown, number]>([
    ['usage', new CliError('USAGE', 'x'), EXIT.USAGE],
    ['unknown backend', new CliError('UNKNOWN_BACKEND', 'x'), EXIT.USAGE],
    ['backend missing', new CliError('BACKEND_NOT_INSTALLED', 'x'), EXIT.UNAVAILABLE],
    ['no such vnode', new CliError('NO_SUCH_VNODE', 'x'), EXIT.DATAERR],
    ['host in use', new CliError('HOST_IN_USE', 'x'), EXIT.FAILURE],
    ['bad id', new InvalidVnodeIdError('../x', 'x'), EXIT.DATAERR],
    ['bad pid file', new BadPidFileError('/run/x.pid', 'junk'), EXIT.DATAERR],
    ['unsafe path', new UnsafePathError('/v/etc/x', 'a symlink'), EXIT.DATAERR],
    ['lock timeout', new LockTimeoutError('/run/x.lock', null), EXIT.TEMPFAIL],
    ['unknown step type', new UnknownStepTypeError('nope'), EXIT.SOFTWARE],
    ['step failed', new StepFailedError('veth', 3, new Error('x')), EXIT.FAILURE],
    ['stuck manager', new VnodesetupError('MANAGER_STUCK', 'pcvm1-1', 'x'), EXIT.FAILURE],
    ['a command failed', new CommandError({ code: 'COMMAND_FAILED', argv: ['ip'], exitCode: 2 }), EXIT.FAILURE],
    ['a code nobody mapped', new TbvnodeError('SOMETHING_NEW', 'x'), EXIT.FAILURE],
    ['boss unreachable (tmcc error)', new TmccError('TMCC_CONNECT', 'x'), EXIT.TEMPFAIL],
    ['boss name does not resolve', new TmccError('TMCC_RESOLVE', 'x'), EXIT.TEMPFAIL],
    ['another tmcc error', new TmccError('TMCC_PROTOCOL', 'x'), EXIT.FAILURE],
    ['a bug', new TypeError('x is undefined'), EXIT.SOFTWARE],
    ['a node errno error', Object.assign(new Error('x'), { code: 'ENOENT' }), EXIT.SOFTWARE],
    ['a look-alike outside the house', Object.assign(new Error('x'), { code: 'TMCC_CONNECT' }), EXIT.SOFTWARE],
    ['a thrown string', 'oops', EXIT.SOFTWARE],
  ])('%s', (_name, err, status) => {
    expect(exitStatusFor(err)).toBe(status);
  });
});
