// The simulator's public shapes (names agreed in notes/CONTRACTS.md).
import type { Experiment } from '../experiment/types.js';
import type { ParsedRequest } from '../protocol/parse-request.js';
import type { Fault } from './faults.js';
import type { Framing, ReadEnd } from './read-request.js';
import type { StateRecord } from './state-log.js';

export interface StartBossOptions {
  experiment: Experiment;
  // Loopback by default; the simulator is never meant to face a network.
  host?: string;
  // 0 = ephemeral.
  port?: number;
  // 2 = also listen on a second port (the 7777/14447 fallback).
  ports?: number;
  // Number for the second port; 0 (default) = ephemeral.
  secondPort?: number;
  // Serve UDP on the same numbers (default true).
  udp?: boolean;
  faults?: Fault[];
  framing?: Framing;
  // Tolerant framing: a request not ending in a space is complete after this quiet time (default 50).
  readIdleMs?: number;
  // Drop a connection that sends nothing for this long (tmcd: 3000).
  readTimeoutMs?: number;
}

export type Outcome = 'answered' | 'empty' | 'redirect' | 'closed' | 'reset' | 'garbage' | 'crashed' | 'timeout';

export interface RecordedRequest {
  seq: number;
  at: number;
  transport: 'tcp' | 'udp';
  localPort: number;
  peer: { address: string; port: number };
  // Bytes exactly as received (TCP: everything read before the request was
  // judged complete; UDP: the whole datagram).
  raw: Buffer;
  readEnd?: ReadEnd;
  parsed: ParsedRequest;
  // Who tmcd took the caller to be: a vnode id or the host's node id.
  caller?: string;
  reply: Buffer;
  outcome: Outcome;
}

export interface BossSimulator {
  readonly host: string;
  readonly port: number;
  readonly ports: number[];
  readonly requests: RecordedRequest[];
  states(vnodeId?: string): StateRecord[];
  // Resolves when the vnode has reported `state` (at any time; `nth`: for the nth time).
  waitForState(vnodeId: string, state: string, timeoutMs: number, o?: { nth?: number }): Promise<void>;
  // Resolves with the first recorded request (past or future) that matches.
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest>;
  // Resolves once listeners reflect the new faults (e.g. a port really refuses).
  setFaults(faults: Fault[]): Promise<void>;
  // Live notifications ('connection' fires on each TCP accept); 'warning' carries transport errors that tests may ignore.
  on(event: 'request', listener: (r: RecordedRequest) => void): this;
  on(event: 'state', listener: (s: StateRecord) => void): this;
  on(event: 'refusing' | 'listening', listener: (e: { port: number }) => void): this;
  on(event: 'connection', listener: (c: { port: number; peer: { address: string; port: number } }) => void): this;
  on(event: 'warning', listener: (w: { message: string; err?: unknown }) => void): this;
  off(event: 'request', listener: (r: RecordedRequest) => void): this;
  off(event: 'state', listener: (s: StateRecord) => void): this;
  off(event: 'refusing' | 'listening', listener: (e: { port: number }) => void): this;
  off(event: 'connection', listener: (c: { port: number; peer: { address: string; port: number } }) => void): this;
  off(event: 'warning', listener: (w: { message: string; err?: unknown }) => void): this;
  stop(): Promise<void>;
}

export type BossEventName = 'request' | 'state' | 'refusing' | 'listening' | 'connection' | 'warning';
