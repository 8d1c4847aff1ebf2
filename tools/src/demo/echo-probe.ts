// Reachability between vnodes without ping (not installed on a fresh Debian):
// a UDP echo server and client run by the node binary the backend already
// mounts inside every vnode (/opt/tbvnode/node/<name>), so the demo needs
// nothing the backend does not.
import path from 'node:path';

export const ECHO_PORT = 40007;

/** Pure: where node lives inside a vnode, given the host's node binary. */
export function nodeInsideVnode(hostNode: string): string {
  return `/opt/tbvnode/node/${path.basename(hostNode)}`;
}

// Binds every address given in argv, prints "ready" once all are bound, echoes
// each datagram back to its sender, and exits when its stdin ends (the demo is
// done) or after 120 s (the demo died): it never outlives its purpose.
const SERVER = `
const dgram = require('node:dgram');
const [port, ...ips] = process.argv.slice(1);
let bound = 0;
for (const ip of ips) {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, from) => s.send(msg, from.port, from.address));
  s.bind(Number(port), ip, () => { if (++bound === ips.length) process.stdout.write('ready\\n'); });
}
process.stdin.on('end', () => process.exit(0)).resume();
setTimeout(() => process.exit(0), 120000).unref();
`;

// Sends a nonce up to 3 times (1 s apart) to ip:port and exits 0 when the same
// nonce comes back from that address, 1 otherwise.
const CLIENT = `
const dgram = require('node:dgram');
const [ip, port] = process.argv.slice(1);
const nonce = require('node:crypto').randomBytes(8).toString('hex');
const s = dgram.createSocket('udp4');
s.on('message', (msg, from) => {
  if (from.address === ip && msg.toString() === nonce) { process.stdout.write('echo from ' + ip + '\\n'); process.exit(0); }
});
let tries = 0;
const send = () => {
  if (tries++ === 3) { process.stdout.write('no echo from ' + ip + '\\n'); process.exit(1); }
  s.send(nonce, Number(port), ip);
  setTimeout(send, 1000);
};
s.bind(0, send);
`;

/** argv (inside a vnode) for an echo server on the vnode's own addresses. */
export function echoServerArgv(node: string, ips: readonly string[], port = ECHO_PORT): [string, ...string[]] {
  return [node, '-e', SERVER, String(port), ...ips];
}

/** argv (inside a vnode) for one probe of ip:port. */
export function echoClientArgv(node: string, ip: string, port = ECHO_PORT): [string, ...string[]] {
  return [node, '-e', CLIENT, ip, String(port)];
}
