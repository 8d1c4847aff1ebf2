// Refuses targets that would make node throw synchronously deep inside a transport.
import { TmccError } from '../errors.js';
import type { Target } from './types.js';

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TmccError('TMCC_USAGE', `bad port: ${String(port)}`);
}

export function validateTarget(t: Target): void {
  if (t.kind === 'unix') {
    if (t.path === '') throw new TmccError('TMCC_USAGE', 'empty unix socket path');
    return;
  }
  if (t.host === '') throw new TmccError('TMCC_USAGE', 'empty host');
  if (t.kind === 'udp') checkPort(t.port);
  else {
    if (t.ports.length === 0) throw new TmccError('TMCC_USAGE', 'no port to connect to');
    t.ports.forEach(checkPort);
  }
}
