// The boss simulator: TCP (+UDP) listeners, the fault switchboard, the
// request and state logs.
import { EventEmitter, setMaxListeners } from 'node:events';
import type net from 'node:net';
import { BossError } from '../errors.js';
import type { Experiment } from '../experiment/types.js';
import { toSlots, type Fault, type FaultSlot } from './faults.js';
import { handleTcp, handleUdp, type HandlerContext } from './handle.js';
import type { ReadOptions } from './read-request.js';
import { StateLog, type StateRecord } from './state-log.js';
import { TcpPort } from './tcp-port.js';
import type { BossSimulator, RecordedRequest, StartBossOptions } from './types.js';
import { UdpPort } from './udp-port.js';

const RELISTEN_DEADLINE_MS = 2000;

interface Endpoint {
  tcp: TcpPort;
  udp?: UdpPort;
  refuseTimer?: NodeJS.Timeout;
}

class BossServer extends EventEmitter implements BossSimulator {
  readonly host: string;
  readonly requests: RecordedRequest[] = [];
  readonly #experiment: Experiment;
  readonly #endpoints: Endpoint[] = [];
  readonly #sockets = new Set<net.Socket>();
  readonly #stateLog = new StateLog();
  readonly #abort = new AbortController();
  readonly #ctx: HandlerContext;
  #slots: FaultSlot[] = [];
  #seq = 0;

  constructor(o: StartBossOptions, readOptions: ReadOptions) {
    super();
    // Every delayed reply waits on this one signal: hundreds at once under load is normal.
    setMaxListeners(0, this.#abort.signal);
    this.host = o.host ?? '127.0.0.1';
    this.#experiment = o.experiment;
    this.#ctx = {
      experiment: o.experiment,
      slots: () => this.#slots,
      record: (r) => this.#record(r),
      recordState: (id, state) => this.emit('state', this.#stateLog.record(id, state)),
      readOptions,
      signal: this.#abort.signal,
      warn: (message, err) => this.emit('warning', { message, err }),
    };
  }

  get port(): number {
    return this.ports[0] ?? 0;
  }

  get ports(): number[] {
    return this.#endpoints.map((e) => e.tcp.port);
  }

  #record(r: Omit<RecordedRequest, 'seq' | 'at'>): void {
    const rec: RecordedRequest = { seq: ++this.#seq, at: Date.now(), ...r };
    this.requests.push(rec);
    this.emit('request', rec);
  }

  #onConnection(socket: net.Socket, port: number): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    this.emit('connection', { port, peer: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 } });
    handleTcp(socket, port, this.#ctx).catch((err: unknown) => this.#ctx.warn('tcp handler failed', err));
  }

  async bind(portNumbers: number[], udp: boolean): Promise<void> {
    for (const wanted of portNumbers) {
      // An ephemeral TCP number may be taken on UDP: then try another.
      for (let attempt = 0; ; attempt++) {
        let tcp: TcpPort | undefined;
        const ep: Endpoint = {
          tcp: (tcp = new TcpPort(this.host, wanted, (s) => this.#onConnection(s, tcp?.port ?? 0))),
        };
        const port = await tcp.listen().catch((err: unknown) => {
          throw new BossError('BOSS_LISTEN', `cannot listen on ${this.host}:${wanted}`, { cause: err });
        });
        if (!udp) {
          this.#endpoints.push(ep);
          break;
        }
        const u = new UdpPort((msg, rinfo, sock) => {
          handleUdp(msg, rinfo, sock, this.#ctx).catch((err: unknown) => this.#ctx.warn('udp handler failed', err));
        });
        try {
          await u.bind(this.host, port);
          ep.udp = u;
          this.#endpoints.push(ep);
          break;
        } catch (err) {
          tcp.unlisten();
          await u.close();
          if (wanted !== 0 || attempt >= 10) {
            throw new BossError('BOSS_LISTEN', `cannot bind udp ${this.host}:${port}`, { cause: err });
          }
        }
      }
    }
  }

  states(vnodeId?: string): StateRecord[] {
    return this.#stateLog.list(vnodeId);
  }

  async waitForState(vnodeId: string, state: string, timeoutMs: number, o: { nth?: number } = {}): Promise<void> {
    await this.#stateLog.waitFor(vnodeId, state, timeoutMs, o.nth);
  }

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const found = this.requests.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (r: RecordedRequest): void => {
        if (!pred(r)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        reject(new BossError('BOSS_REQUEST_TIMEOUT', `no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  async setFaults(faults: Fault[]): Promise<void> {
    this.#slots = toSlots(faults);
    await this.#applyRefusals();
  }

  // Make each port's listening state match the refuse faults in force.
  async #applyRefusals(): Promise<void> {
    const work: Array<Promise<void>> = [];
    this.#endpoints.forEach((ep, index) => {
      const slot = this.#slots.find(
        (s) => s.fault.kind === 'refuse' && s.remaining > 0 && (s.fault.portIndex ?? index) === index,
      );
      clearTimeout(ep.refuseTimer);
      ep.refuseTimer = undefined;
      if (slot && slot.fault.kind === 'refuse') {
        if (ep.tcp.listening) {
          ep.tcp.unlisten();
          this.emit('refusing', { port: ep.tcp.port });
        }
        const forMs = slot.fault.forMs;
        if (forMs !== undefined) {
          ep.refuseTimer = setTimeout(() => {
            slot.remaining = 0;
            this.#applyRefusals().catch((err: unknown) => this.#ctx.warn('relisten failed', err));
          }, forMs);
        }
      } else if (!ep.tcp.listening && !this.#abort.signal.aborted) {
        work.push(ep.tcp.relisten(RELISTEN_DEADLINE_MS).then(() => void this.emit('listening', { port: ep.tcp.port })));
      }
    });
    await Promise.all(work);
  }


  async stop(): Promise<void> {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#stateLog.stop();
    for (const ep of this.#endpoints) {
      clearTimeout(ep.refuseTimer);
      ep.tcp.shutdown();
    }
    for (const s of this.#sockets) s.destroy();
    await Promise.all(this.#endpoints.map((ep) => ep.udp?.close()));
  }
}

// Start a tmcd stand-in serving `experiment`; see StartBossOptions.
export async function startBoss(o: StartBossOptions): Promise<BossSimulator> {
  const count = o.ports ?? 1;
  if (count !== 1 && count !== 2) throw new BossError('BOSS_USAGE', `ports must be 1 or 2, not ${count}`);
  const readOptions: ReadOptions = {
    framing: o.framing ?? 'tolerant',
    idleMs: o.readIdleMs ?? 50,
    timeoutMs: o.readTimeoutMs ?? 3000,
  };
  const boss = new BossServer(o, readOptions);
  // A warning nobody listens to must not crash the test run.
  boss.on('warning', () => undefined);
  const numbers = [o.port ?? 0, ...(count === 2 ? [o.secondPort ?? 0] : [])];
  try {
    await boss.bind(numbers, o.udp ?? true);
    await boss.setFaults(o.faults ?? []);
  } catch (err) {
    await boss.stop();
    throw err;
  }
  return boss;
}
