// Socket setup for the proxy's listeners: the unix path checks Emulab skipped
// (sun_path length, never unlink a non-socket, never steal a live server's
// path) and a backlog large enough that concurrent clients are not refused.
import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ProxyError } from '../errors/proxy-error.js';
import { checkSunPath } from '@tbvnode/tmcc';

// How long a probe of an existing socket file may take before we call it stale.
const PROBE_MS = 500;

function probeLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path });
    const timer = setTimeout(() => finish(false), PROBE_MS);
    function finish(live: boolean): void {
      clearTimeout(timer);
      s.destroy();
      resolve(live);
    }
    s.once('connect', () => finish(true));
    s.once('error', () => finish(false));
  });
}

// Make `path` free for bind: absent is fine, a stale socket is removed,
// anything else is an error.
export async function prepareUnixPath(path: string, platform: string): Promise<void> {
  const problem = checkSunPath(path, platform);
  if (problem !== null) throw new ProxyError('PROXY_PATH_TOO_LONG', problem);
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ProxyError('PROXY_LISTEN', `cannot inspect ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!st.isSocket()) throw new ProxyError('PROXY_PATH_EXISTS', `${path} exists and is not a socket; refusing to remove it`);
  if (await probeLive(path)) throw new ProxyError('PROXY_ADDRESS_IN_USE', `a server is already listening on ${path}`);
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw new ProxyError('PROXY_LISTEN', `cannot remove stale socket ${path}: ${err.message}`, { cause: err });
  });
}

export function listenServer(
  onConnection: (s: Socket) => void,
  where: { path: string } | { host: string; port: number },
  backlog: number,
): Promise<Server> {
  // allowHalfOpen: our client half-closes after the request and still reads the reply.
  const server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const code = err.code === 'EADDRINUSE' ? 'PROXY_ADDRESS_IN_USE' : 'PROXY_LISTEN';
      reject(new ProxyError(code, `cannot listen on ${'path' in where ? where.path : `${where.host}:${where.port}`}: ${err.message}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen({ ...where, backlog }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

export async function setSocketMode(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (err) {
    throw new ProxyError('PROXY_LISTEN', `cannot chmod ${path}: ${(err as Error).message}`, { cause: err });
  }
}
