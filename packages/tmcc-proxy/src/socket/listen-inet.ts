// The inet proxy's listeners: TCP and UDP bound to one host and port.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { ProxyError } from '../errors/proxy-error.js';
import { listenServer } from './listen.js';

// TCP and UDP on the same port. With port 0 the kernel picks the TCP port and
// UDP may find it taken, so a few fresh tries are made.
export async function listenInet(
  onConnection: (s: Socket) => void,
  host: string,
  port: number,
  backlog: number,
): Promise<{ server: Server; udp: DgramSocket }> {
  for (let attempt = 0; ; attempt++) {
    const server = await listenServer(onConnection, { host, port }, backlog);
    const actual = (server.address() as { port: number }).port;
    try {
      const udp = await bindUdp(host, actual);
      return { server, udp };
    } catch (err) {
      server.close();
      if (port !== 0 || attempt >= 4) {
        throw new ProxyError('PROXY_ADDRESS_IN_USE', `cannot bind udp ${host}:${actual}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
}

function bindUdp(host: string, port: number): Promise<DgramSocket> {
  const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    udp.once('error', (err) => {
      udp.close();
      reject(err);
    });
    udp.bind({ address: host, port, exclusive: true }, () => {
      udp.removeAllListeners('error');
      resolve(udp);
    });
  });
}
