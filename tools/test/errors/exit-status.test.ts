// The CLI's exit map over errors from every package, including the ones the CLI
// may not import itself (the proxy's, a backend's). A ProxyError used to end in
// 70 (a bug) because the CLI knew only core's brand and tmcc's code prefix.
import { LinuxBackendError } from '@tbvnode/backend-linux-vserver';
import { EXIT, exitStatusFor } from '@tbvnode/cli';
import { TmccError } from '@tbvnode/tmcc';
import { ProxyError } from '@tbvnode/tmcc-proxy';
import { describe, expect, it } from 'vitest';

describe('exit status of each package’s errors', () => {
  it.each<[string, unknown, number]>([
    ['proxy: bad option', new ProxyError('PROXY_USAGE', 'x'), EXIT.USAGE],
    ['proxy: socket path too long', new ProxyError('PROXY_PATH_TOO_LONG', 'x'), EXIT.USAGE],
    ['proxy: path is not a socket', new ProxyError('PROXY_PATH_EXISTS', 'x'), EXIT.CANTCREAT],
    ['proxy: bind failed', new ProxyError('PROXY_LISTEN', 'x'), EXIT.CANTCREAT],
    ['proxy: someone else serves the path', new ProxyError('PROXY_ADDRESS_IN_USE', 'x'), EXIT.TEMPFAIL],
    ['proxy: started twice (a bug)', new ProxyError('PROXY_STATE', 'x'), EXIT.SOFTWARE],
    ['linux: bad backend option', new LinuxBackendError('LINUX_BAD_OPTION', 'x'), EXIT.USAGE],
    ['linux: start failed', new LinuxBackendError('LINUX_START_FAILED', 'x'), EXIT.FAILURE],
    ['tmcc: timeout', new TmccError('TMCC_TIMEOUT', 'x'), EXIT.TEMPFAIL],
    ['tmcc: bad reply', new TmccError('TMCC_PARSE', 'x'), EXIT.FAILURE],
  ])('%s', (_name, err, status) => {
    expect(exitStatusFor(err)).toBe(status);
  });
});
