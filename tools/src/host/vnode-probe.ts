// "Do these two vnodes reach each other?" without ping (this machine has none):
// a one-shot TCP server in one vnode answers with its hostname, a client in the
// other connects. Uses the node binary the vnodes already see (/usr is bound in).
import type { ThrowawayHost } from '@tbvnode/test-host';

const SERVER = "const net=require('net');const srv=net.createServer(s=>{s.end(require('os').hostname());srv.close()});srv.listen(+process.argv[2],process.argv[1],()=>console.log('listening'));setTimeout(()=>process.exit(3),+process.argv[3]).unref()";
const CLIENT = "const s=require('net').connect(+process.argv[2],process.argv[1]);s.setTimeout(+process.argv[3],()=>process.exit(2));let b='';s.on('data',d=>b+=d);s.on('end',()=>{console.log(b);process.exit(0)});s.on('error',e=>{console.error(e.message);process.exit(1)})";

export interface ProbeOptions {
  readonly nodePath?: string;
  readonly port?: number;
  readonly timeoutMs?: number;
}

/** The hostname the vnode at `serverPid` answered with, as seen from the vnode at `clientPid`. */
export async function probeBetweenVnodes(
  host: ThrowawayHost,
  from: { readonly initPid: number },
  to: { readonly initPid: number; readonly address: string },
  o: ProbeOptions = {},
): Promise<string> {
  const node = o.nodePath ?? process.execPath;
  const port = String(o.port ?? 7999);
  const timeoutMs = o.timeoutMs ?? 5_000;
  const server = await host.runner.start(['nsenter', '-t', String(to.initPid), '-m', '-u', '-i', '-n', '-p', '--', node, '-e', SERVER, to.address, port, String(timeoutMs)]);
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await host.execInVnode(from.initPid, [node, '-e', CLIENT, to.address, port, String(timeoutMs)], { reject: false, timeoutMs });
      if (r.exitCode === 0 && r.stdout.trim() !== '') return r.stdout.trim();
      // The server may not listen yet: retry until the deadline.
      if (Date.now() >= until) throw new Error(`no answer from ${to.address}:${port}: ${r.stderr.trim()}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    server.kill('SIGKILL');
    await server.exited;
  }
}
