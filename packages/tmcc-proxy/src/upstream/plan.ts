// Pure decisions of the proxy's lean plain-TCP path to boss. Each mirrors
// what @tbvnode/tmcc's sendRequest does in the same situation, so both paths
// give a client the same answer (TMCD-PROTOCOL.md §5).
import { isTmccError, planRedirect, TmccError, type Target } from '@tbvnode/tmcc';

export interface LeanTarget {
  host: string;
  ports: readonly number[];
}

const validPort = (p: number): boolean => Number.isInteger(p) && p >= 1 && p <= 65535;

// The lean path serves plain TCP only. TLS, UDP, unix upstreams, Emulab's
// no-progress timer and an injected sender go through the tmcc library, as
// does a target tmcc would refuse (so the error stays tmcc's).
export function leanTarget(upstream: Target, o: { injectedSend: boolean; noProgressMs: number }): LeanTarget | null {
  if (o.injectedSend || o.noProgressMs > 0) return null;
  if (upstream.kind !== 'tcp' || (upstream.tls !== undefined && upstream.tls !== null)) return null;
  if (upstream.host === '' || upstream.ports.length === 0 || !upstream.ports.every(validPort)) return null;
  return { host: upstream.host, ports: upstream.ports };
}

export type AfterConnectError = 'next-port' | 'wait-round' | 'fail';

// Only a refusal moves on to the next port (7777 -> 14447); when every port
// of the round refused, wait and start a new round; anything else is final.
export function afterConnectError(errno: string | undefined, portIndex: number, portCount: number): AfterConnectError {
  if (errno !== 'ECONNREFUSED') return 'fail';
  return portIndex + 1 < portCount ? 'next-port' : 'wait-round';
}

export type RedirectStep =
  | { kind: 'follow'; host: string; request: Buffer; notice: string | null }
  | { kind: 'fail'; error: TmccError };

// A REDIRECT reply: give up past the limit, else the new host and request
// (planRedirect's rule) and the notice tmcc prints only when the request was
// rewritten.
export function afterRedirect(reply: Buffer, request: Buffer, redirectsLeft: number): RedirectStep {
  if (redirectsLeft <= 0) return { kind: 'fail', error: new TmccError('TMCC_REDIRECT_LIMIT', 'Redirect limit reached') };
  try {
    const plan = planRedirect(reply, request);
    const notice = plan.rewritten ? `${plan.request.toString('latin1')}, ${plan.host}` : null;
    return { kind: 'follow', host: plan.host, request: plan.request, notice };
  } catch (err) {
    const error = isTmccError(err) ? err : new TmccError('TMCC_PROTOCOL', String(err), { cause: err });
    return { kind: 'fail', error };
  }
}
