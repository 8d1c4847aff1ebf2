export { createProxy, type ProxyAddress, type ProxyStats, type TmccProxy } from './proxy/create-proxy.js';
export { DEFAULTS, type ListenSpec, type ProxyOptions } from './proxy/options.js';
export type { Outcome, RequestSummary, Transport } from './proxy/serve-request.js';
export { udpTargetFor, type SendFn, type UpstreamSendOptions, type UpstreamTarget } from './proxy/upstream.js';
export { rewriteRequest, redactRequest, type ProxyIdentity, type RewriteResult, type SpoofKind } from './request/rewrite.js';
export { frameState, MAX_REQUEST_BYTES, type FrameState } from './request/framing.js';
export { checkSunPath, sunPathSize } from './socket/sun-path.js';
export { createLimiter, type Limiter, type Release } from './concurrency/limiter.js';
export { ProxyError, isProxyError, type ProxyErrorCode } from './errors/proxy-error.js';
