// The proxy's view of the tmcc library: where requests go and how they are sent.
import type { SendOptions, Target } from '@tbvnode/tmcc';

export type UpstreamTarget = Target;
export type UpstreamSendOptions = SendOptions;

// Injectable for tests and benchmarks; the default is tmcc's sendRequest.
export type SendFn = (request: Buffer, target: Target, opts?: SendOptions) => Promise<Buffer>;

// Where a USEUDP=1 request goes: UDP to boss's first port. Another proxy on a
// unix socket cannot be reached by UDP, so it gets the token passed on instead.
export function udpTargetFor(upstream: Target): Target {
  if (upstream.kind === 'tcp') {
    const port = upstream.ports[0];
    if (port === undefined) return upstream;
    return { kind: 'udp', host: upstream.host, port };
  }
  return upstream;
}
