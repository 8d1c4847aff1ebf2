// Fault modes and the pure decision of which ones shape a given request.

export interface FaultMatch {
  command?: string;
  vnodeId?: string;
}

interface FaultBase {
  // How many requests (or connections) it applies to; unlimited when absent.
  count?: number;
  transport?: 'tcp' | 'udp' | 'both';
  // Only requests for this command / from this vnode (not for `refuse` or
  // close-early `when: 'accept'`, which act before a request exists).
  match?: FaultMatch;
}

export type Fault =
  // Stop listening on TCP (real ECONNREFUSED), then listen again on the same
  // port after `forMs`, or when the fault is removed with setFaults.
  | { kind: 'refuse'; forMs?: number; portIndex?: number }
  // Wait before replying (slow boss, or a fixed per-request cost for benchmarks).
  | (FaultBase & { kind: 'delay'; ms: number })
  // Send the reply in pieces with pauses (progress without completion).
  | (FaultBase & { kind: 'trickle'; chunkBytes: number; intervalMs: number })
  // Reply `REDIRECT=<to>\n` instead of the answer; `to` is host[:vnodeid].
  | (FaultBase & { kind: 'redirect'; to: string })
  // Close without replying; on accept (before reading) or after the request.
  // `reset` sends a TCP RST instead of a FIN.
  | (FaultBase & { kind: 'close-early'; when?: 'accept' | 'request'; reset?: boolean })
  // Reply with non-protocol bytes: these exact bytes, or `bytes` random ones.
  | (FaultBase & { kind: 'garbage'; data?: string; bytes?: number });

export type RequestFault = Exclude<Fault, { kind: 'refuse' }>;

export interface FaultSlot {
  fault: Fault;
  remaining: number;
}

export function toSlots(faults: readonly Fault[]): FaultSlot[] {
  return faults.map((fault) => ({
    fault,
    remaining: fault.kind !== 'refuse' && fault.count !== undefined ? fault.count : Number.POSITIVE_INFINITY,
  }));
}

export interface RequestInfo {
  transport: 'tcp' | 'udp';
  // Absent at accept time.
  command?: string;
  vnodeId?: string;
  phase: 'accept' | 'request';
}

export type FinalAction =
  | { kind: 'answer' }
  | { kind: 'redirect'; to: string }
  | { kind: 'close'; reset: boolean }
  | { kind: 'garbage'; data?: string; bytes: number };

export interface ResponsePlan {
  delayMs: number;
  trickle?: { chunkBytes: number; intervalMs: number };
  action: FinalAction;
  // Indexes of slots this request used up one count of.
  consumed: number[];
}

function applies(slot: FaultSlot, info: RequestInfo): boolean {
  const f = slot.fault;
  if (f.kind === 'refuse' || slot.remaining <= 0) return false;
  const transport = f.transport ?? 'both';
  if (transport !== 'both' && transport !== info.transport) return false;
  const acceptPhase = f.kind === 'close-early' && f.when === 'accept';
  if (info.phase === 'accept') return acceptPhase && info.transport === 'tcp';
  if (acceptPhase) return false;
  if (f.match?.command !== undefined && f.match.command !== info.command) return false;
  if (f.match?.vnodeId !== undefined && f.match.vnodeId !== info.vnodeId) return false;
  return true;
}

// Delays add up; the first matching redirect/close/garbage decides the outcome.
export function planResponse(slots: readonly FaultSlot[], info: RequestInfo): ResponsePlan {
  const plan: ResponsePlan = { delayMs: 0, action: { kind: 'answer' }, consumed: [] };
  slots.forEach((slot, i) => {
    if (!applies(slot, info)) return;
    const f = slot.fault as RequestFault;
    if (f.kind === 'delay') {
      plan.delayMs += f.ms;
    } else if (f.kind === 'trickle') {
      if (plan.trickle) return;
      plan.trickle = { chunkBytes: Math.max(1, f.chunkBytes), intervalMs: f.intervalMs };
    } else {
      if (plan.action.kind !== 'answer') return;
      if (f.kind === 'redirect') plan.action = { kind: 'redirect', to: f.to };
      else if (f.kind === 'close-early') plan.action = { kind: 'close', reset: f.reset === true };
      else plan.action = f.data !== undefined ? { kind: 'garbage', data: f.data, bytes: 0 } : { kind: 'garbage', bytes: f.bytes ?? 64 };
    }
    plan.consumed.push(i);
  });
  return plan;
}
