// Serves a FakeFreebsdHost on a unix socket so that a manager in another process
// (a real child, which a test can SIGKILL) runs its commands against the same
// modelled kernel as the test: the jails, md units and mounts outlive the
// manager exactly as they would on FreeBSD. Test-only; never on a real host.
import net from 'node:net';
import { CommandError, isTbvnodeError, type StartOptions } from '@tbvnode/core';
import type { FakeFreebsdHost } from './fake-host.js';
import { lineReader, type FakeHostReply, type FakeHostRequest, type ProcEvent } from './fake-host-protocol.js';

export interface FakeHostServer {
  readonly path: string;
  close(): Promise<void>;
}

async function answer(h: FakeFreebsdHost, r: FakeHostRequest): Promise<unknown> {
  switch (r.op) {
    case 'run': {
      const res = await h.runner.run(r.argv as [string, ...string[]], { reject: false, ...(r.env ? { env: r.env } : {}) });
      return { exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr };
    }
    case 'start': {
      const o = { ...(r.stdout ? { stdout: r.stdout } : {}), ...(r.stderr ? { stderr: r.stderr } : {}), ...(r.detached ? { detached: true } : {}) } as StartOptions;
      return (await h.runner.start(r.argv as [string, ...string[]], o)).pid;
    }
    case 'kill':
      return h.proc.kill(r.pid, r.signal);
    case 'startToken':
      return h.proc.startToken(r.pid);
    case 'groupMembers':
      return (await h.proc.groupMembers?.(r.pgid)) ?? [];
    case 'mounts':
      return h.mountTable.read();
  }
}

export function serveFakeHost(h: FakeFreebsdHost, socketPath: string): Promise<FakeHostServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    const send = (msg: FakeHostReply | ProcEvent): void => void sock.write(`${JSON.stringify(msg)}\n`);
    const onProc = (pid: number, alive: boolean, exit?: unknown): void => send({ event: 'proc', pid, alive, ...(exit ? { exit: exit as ProcEvent['exit'] } : {}) } as ProcEvent);
    // The client learns every live fake process first, then each change.
    for (const p of h.procs.values()) if (p.alive) onProc(p.pid, true);
    h.events.on('proc', onProc);
    sock.on('close', () => {
      h.events.off('proc', onProc);
      sockets.delete(sock);
    });
    sock.on('error', () => sock.destroy());
    sock.on('data', lineReader((line) => {
      const req = JSON.parse(line) as FakeHostRequest;
      answer(h, req).then(
        (value) => send({ id: req.id, ok: true, value } as FakeHostReply),
        (err: unknown) => send({
          id: req.id, ok: false,
          error: {
            message: (err as Error).message,
            // A TbvnodeError's code, or an errno name.
            ...(isTbvnodeError(err) ? { code: err.code } : typeof (err as NodeJS.ErrnoException).code === 'string' ? { code: (err as NodeJS.ErrnoException).code } : {}),
            ...(err instanceof CommandError ? { exitCode: err.exitCode, stderr: err.stderr } : {}),
          },
        }),
      );
    }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve({
      path: socketPath,
      close: () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
    }));
  });
}
