// A tmcc client that sends its request and never reads the reply (paused from the
// start): what a stuck vnode looks like to the proxy. The backpressure test and the
// proxy-memory bench hold many of these open.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export async function neverReadingClient(path: string, request = 'VERSION=34 fullconfig '): Promise<Socket> {
  const s = connect({ path });
  s.pause();
  // The proxy may cut it (its caps); that is the caller's to observe, not an error here.
  s.on('error', () => undefined);
  await once(s, 'connect');
  s.write(request);
  return s;
}
