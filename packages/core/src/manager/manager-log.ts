// The manager's own log (var/emulab/logs/tbvnode-<id>.log). The destination is
// synchronous on purpose: a manager ends by signal, and buffered lines written
// just before would be lost exactly when they matter.
import pino, { type Logger } from 'pino';

// The vnode is bound by runManager (the file name says it for earlier lines).
export function createManagerLogger(o: { file: string; level?: string }): Logger {
  const dest = pino.destination({ dest: o.file, sync: true, mkdir: true, append: true });
  return pino({ level: o.level ?? 'info' }, dest);
}
