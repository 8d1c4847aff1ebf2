// One UDP socket on the same number as a TCP port (tmcd serves both).
import dgram from 'node:dgram';

export class UdpPort {
  readonly #socket: dgram.Socket;
  #open = false;

  constructor(onMessage: (msg: Buffer, rinfo: dgram.RemoteInfo, socket: UdpPort) => void) {
    this.#socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    this.#socket.on('message', (msg, rinfo) => onMessage(msg, rinfo, this));
  }

  get port(): number {
    return this.#socket.address().port;
  }

  bind(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#socket.once('error', onError);
      this.#socket.bind({ address: host, port, exclusive: true }, () => {
        this.#socket.off('error', onError);
        this.#open = true;
        resolve();
      });
    });
  }

  // Send errors (peer gone) are not the server's problem; report and go on.
  send(data: Buffer, rinfo: dgram.RemoteInfo, onError: (err: Error) => void): void {
    if (!this.#open) return;
    this.#socket.send(data, rinfo.port, rinfo.address, (err) => {
      if (err) onError(err);
    });
  }

  close(): Promise<void> {
    if (!this.#open) return Promise.resolve();
    this.#open = false;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}
