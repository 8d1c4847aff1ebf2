// The two helper processes of the proxy benchmark: the boss simulator and the
// proxy, each in its own process so neither shares an event loop with the
// clients being measured. They report readiness over IPC and stop on 'stop'.
import { loadExperiment, startBoss } from '@tbvnode/test-fixtures';
import { sendRequest } from '@tbvnode/tmcc';
import { createProxy } from '@tbvnode/tmcc-proxy';

export const BENCH_VNODE = 'pcvm1-1';
export const BENCH_KEY = '00112233445566778899aabbccddeeff';

export type RoleMessage = { ready: true; port?: number } | { failed: string } | { cpuUs: number };

function send(m: RoleMessage): void {
  process.send?.(m);
}

// 'cpu' asks for this process's CPU time so far (user + system, in µs).
function untilStop(): Promise<void> {
  return new Promise((resolve) => {
    process.on('message', (m) => {
      if (m === 'stop') resolve();
      if (m === 'cpu') {
        const u = process.cpuUsage();
        send({ cpuUs: u.user + u.system });
      }
    });
    // The parent died: do not linger.
    process.once('disconnect', () => resolve());
  });
}

export async function runBoss(delayMs: number): Promise<void> {
  const boss = await startBoss({
    experiment: { ...loadExperiment('three-vnodes'), privkey: BENCH_KEY },
    udp: false,
    faults: delayMs > 0 ? [{ kind: 'delay', ms: delayMs }] : [],
  });
  send({ ready: true, port: boss.port });
  await untilStop();
  await boss.stop();
}

// `upstream` 'tmcc' makes the proxy forward with tmcc's sendRequest (the
// library path TLS and UDP use) instead of its lean plain-TCP path.
export async function runProxy(path: string, bossPort: number, maxConcurrent: number, upstream: string): Promise<void> {
  const proxy = createProxy({
    listen: { kind: 'unix', path },
    vnodeId: BENCH_VNODE,
    privKey: BENCH_KEY,
    upstream: { kind: 'tcp', host: '127.0.0.1', ports: [bossPort], tls: null },
    maxConcurrent,
    ...(upstream === 'tmcc' ? { send: sendRequest } : {}),
  });
  await proxy.start();
  send({ ready: true });
  await untilStop();
  await proxy.stop();
}

export async function runRole(role: string, args: readonly string[]): Promise<void> {
  try {
    if (role === 'boss') await runBoss(Number(args[0] ?? '5'));
    else if (role === 'proxy') await runProxy(args[0] ?? '', Number(args[1]), Number(args[2] ?? '32'), args[3] ?? 'lean');
    else throw new Error(`unknown role ${role}`);
  } catch (err) {
    send({ failed: (err as Error).message });
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
}
