// The real sender: @tbvnode/tmcc's sendRequest (TCP/TLS/UDP/unix, port
// fallback, REDIRECT). Loaded on first use so a caller injecting `send`
// (tests, benchmarks) does not need it.
import type { SendFn } from './upstream.js';

export const defaultSend: SendFn = async (request, target, opts) => {
  const tmcc = (await import('@tbvnode/tmcc')) as unknown as { sendRequest?: SendFn };
  if (typeof tmcc.sendRequest !== 'function') throw new Error('@tbvnode/tmcc does not export sendRequest');
  return tmcc.sendRequest(request, target, opts);
};
