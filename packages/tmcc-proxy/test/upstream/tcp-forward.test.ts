// The lean TCP path against the shared boss simulator, side by side with
// tmcc's sendRequest: for every fault the two must give the same reply,
// notices, error code and requests at boss.
import { buildRequest, DEFAULT_MAX_REDIRECTS, REFUSED_NOTICE, sendRequest, type NoticeKind } from '@tbvnode/tmcc';
import { generateExperiment, loadExperiment, startBoss, type BossSimulator, type Fault } from '@tbvnode/test-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestStop } from '../../src/proxy/request-stop.js';
import type { LeanTarget } from '../../src/upstream/plan.js';
import { forwardTcp } from '../../src/upstream/tcp-forward.js';

const KEY = '00112233445566778899aabbccddeeff';
let boss: BossSimulator | undefined;

afterEach(async () => {
  await boss?.stop();
  boss = undefined;
});

async function start(o: { ports?: 1 | 2; vnodes?: number } = {}): Promise<BossSimulator> {
  const experiment = o.vnodes === undefined ? loadExperiment('three-vnodes') : generateExperiment({ vnodes: o.vnodes, lans: 10 });
  boss = await startBoss({ experiment: { ...experiment, privkey: KEY }, ports: o.ports ?? 1, udp: false });
  return boss;
}

const request = (command = 'nodeid'): Buffer => buildRequest({ command, vnodeId: 'pcvm1-1', privKey: KEY });

interface Run {
  reply: string;
  chunks: number;
  notices: Array<[NoticeKind, string]>;
  error: string | null;
}

interface Hooks {
  onNotice?(kind: NoticeKind): void;
  onData?(chunk: Buffer): boolean;
  stop?: RequestStop;
}

async function viaLean(b: BossSimulator, req: Buffer, h: Hooks = {}): Promise<Run> {
  const run: Run = { reply: '', chunks: 0, notices: [], error: null };
  const target: LeanTarget = { host: b.host, ports: b.ports };
  try {
    await forwardTcp(req, target, {
      retryDelayMs: 20,
      maxRedirects: DEFAULT_MAX_REDIRECTS,
      stop: h.stop ?? new RequestStop(),
      onData(chunk) {
        run.reply += chunk.toString('latin1');
        run.chunks += 1;
        return (h.onData?.(chunk) ?? true) ? 'more' : 'stop';
      },
      whenWritable(resume) {
        resume();
      },
      onNotice(line, kind) {
        run.notices.push([kind, line]);
        h.onNotice?.(kind);
      },
    });
  } catch (err) {
    run.error = (err as { code?: string }).code ?? String(err);
  }
  return run;
}

async function viaTmcc(b: BossSimulator, req: Buffer): Promise<Run> {
  const run: Run = { reply: '', chunks: 0, notices: [], error: null };
  try {
    await sendRequest(req, { kind: 'tcp', host: b.host, ports: b.ports, tls: null }, {
      retryRefused: true,
      retryDelayMs: 20,
      collectReply: false,
      onData(chunk) {
        run.reply += chunk.toString('latin1');
        run.chunks += 1;
      },
      onNotice(line, kind) {
        run.notices.push([kind, line]);
      },
    });
  } catch (err) {
    run.error = (err as { code?: string }).code ?? String(err);
  }
  return run;
}

// What boss saw for one run: who asked, on which of its ports.
const nextConnection = (b: BossSimulator): Promise<void> =>
  new Promise((resolve) => {
    const on = (): void => {
      b.off('connection', on);
      resolve();
    };
    b.on('connection', on);
  });

const seen = (b: BossSimulator, from: number): Array<[string | undefined, number]> =>
  b.requests.slice(from).map((r) => [r.parsed.vnodeId, b.ports.indexOf(r.localPort)]);

describe('forwardTcp, the same as tmcc sendRequest', () => {
  const rewritten = `VNODEID=pcvm1-2 PRIVKEY=${KEY} VERSION=${34} nodeid , 127.0.0.1`;
  it.each<[string, { ports?: 1 | 2; faults: Fault[]; command?: string }, { error: string | null; notices: Array<[NoticeKind, string]>; seen: Array<[string, number]> }]>([
    ['a plain answer', { faults: [] }, { error: null, notices: [], seen: [['pcvm1-1', 0]] }],
    ['REDIRECT to a host', { faults: [{ kind: 'redirect', to: '127.0.0.1', count: 1 }] }, { error: null, notices: [], seen: [['pcvm1-1', 0], ['pcvm1-1', 0]] }],
    [
      'REDIRECT to a host and vnode (request rewritten, notice)',
      { faults: [{ kind: 'redirect', to: '127.0.0.1:pcvm1-2', count: 1 }] },
      { error: null, notices: [['redirect', rewritten]], seen: [['pcvm1-1', 0], ['pcvm1-2', 0]] },
    ],
    [
      'REDIRECT forever: 4 followed, then the limit',
      { faults: [{ kind: 'redirect', to: '127.0.0.1' }] },
      { error: 'TMCC_REDIRECT_LIMIT', notices: [], seen: Array.from({ length: 5 }, () => ['pcvm1-1', 0] as [string, number]) },
    ],
    ['REDIRECT without a host', { faults: [{ kind: 'garbage', data: 'REDIRECT=\n' }] }, { error: 'TMCC_PROTOCOL', notices: [], seen: [['pcvm1-1', 0]] }],
    ['a short reply that only looks like REDIRECT', { faults: [{ kind: 'garbage', data: 'REDIR' }] }, { error: null, notices: [], seen: [['pcvm1-1', 0]] }],
    ['the first port refuses: the second answers', { ports: 2, faults: [{ kind: 'refuse', portIndex: 0 }] }, { error: null, notices: [], seen: [['pcvm1-1', 1]] }],
    ['boss resets after the request', { faults: [{ kind: 'close-early', reset: true }] }, { error: 'TMCC_CONNECT', notices: [], seen: [['pcvm1-1', 0]] }],
    ['boss closes without a reply', { faults: [{ kind: 'close-early' }] }, { error: null, notices: [], seen: [['pcvm1-1', 0]] }],
    ['a trickled reply', { faults: [{ kind: 'trickle', chunkBytes: 256, intervalMs: 2 }], command: 'fullconfig' }, { error: null, notices: [], seen: [['pcvm1-1', 0]] }],
  ])('%s', async (_name, sc, want) => {
    const b = await start(sc.ports === undefined ? {} : { ports: sc.ports });
    const req = request(sc.command);
    await b.setFaults(sc.faults);
    const n0 = b.requests.length;
    const lean = await viaLean(b, req);
    const leanSeen = seen(b, n0);
    await b.setFaults(sc.faults); // counts start again
    const n1 = b.requests.length;
    const lib = await viaTmcc(b, req);
    const libSeen = seen(b, n1);

    expect({ error: lean.error, notices: lean.notices, seen: leanSeen }).toEqual(want);
    expect(lean.reply).toBe(lib.reply);
    expect(lean.error).toBe(lib.error);
    expect(lean.notices).toEqual(lib.notices);
    expect(leanSeen).toEqual(libSeen);
    if (sc.command === 'fullconfig') expect(lean.chunks).toBeGreaterThan(1);
  });

  it('streams a large reply whole', async () => {
    const b = await start({ vnodes: 1000 });
    const lean = await viaLean(b, request('hostnames'));
    const lib = await viaTmcc(b, request('hostnames'));
    expect(lean.error).toBeNull();
    expect(lean.reply.length).toBeGreaterThan(50_000);
    expect(lean.reply).toBe(lib.reply);
  });
});

describe('forwardTcp rounds and stops', () => {
  it('retries while every port refuses, with a notice per round, and succeeds when boss is back', async () => {
    const b = await start({ ports: 2 });
    await b.setFaults([{ kind: 'refuse' }]);
    let noticed: () => void = () => undefined;
    const firstNotice = new Promise<void>((resolve) => (noticed = resolve));
    const pending = viaLean(b, request(), { onNotice: () => noticed() });
    await firstNotice;
    await b.setFaults([]);
    const run = await pending;
    expect(run.error).toBeNull();
    expect(run.reply).toBe('pcvm1-1\n');
    expect(run.notices.length).toBeGreaterThan(0);
    expect(run.notices.every(([k, l]) => k === 'refused-wait' && l === REFUSED_NOTICE)).toBe(true);
  });

  it('a stop while waiting for boss ends the request at once with TMCC_ABORTED', async () => {
    const b = await start();
    await b.setFaults([{ kind: 'refuse' }]);
    const stop = new RequestStop();
    const run = await viaLean(b, request(), { stop, onNotice: () => stop.stop('deadline') });
    expect(run.error).toBe('TMCC_ABORTED');
    expect(run.notices).toHaveLength(1);
  });

  it('a stop while boss is thinking ends the request with TMCC_ABORTED', async () => {
    const b = await start();
    await b.setFaults([{ kind: 'delay', ms: 60_000 }]);
    const stop = new RequestStop();
    const accepted = nextConnection(b);
    const pending = viaLean(b, request(), { stop });
    await accepted;
    stop.stop('deadline');
    expect((await pending).error).toBe('TMCC_ABORTED');
  });

  it('an already stopped request never connects', async () => {
    const b = await start();
    let connections = 0;
    b.on('connection', () => (connections += 1));
    const stop = new RequestStop();
    stop.stop('stopped');
    expect((await viaLean(b, request(), { stop })).error).toBe('TMCC_ABORTED');
    // A later request is the first connection boss sees.
    const accepted = nextConnection(b);
    await viaLean(b, request());
    await accepted;
    expect(connections).toBe(1);
  });

  it('stops reading when the client is gone', async () => {
    const b = await start();
    await b.setFaults([{ kind: 'trickle', chunkBytes: 64, intervalMs: 5 }]);
    const run = await viaLean(b, request('fullconfig'), { onData: () => false });
    expect(run.error).toBeNull();
    expect(run.chunks).toBe(1);
  });

  it('a throwing notice listener fails the request instead of the process', async () => {
    const b = await start();
    await b.setFaults([{ kind: 'refuse' }]);
    const run = await viaLean(b, request(), {
      onNotice: () => {
        throw Object.assign(new Error('listener broke'), { code: 'LISTENER' });
      },
    });
    expect(run.error).toBe('LISTENER');
  });
});
