// The manager's own log (var/emulab/logs/tbvnode-<id>.log). The destination is
// synchronous on purpose: a manager ends by signal, and buffered lines written
// just before would be lost exactly when they matter.
import pino, { type Logger } from 'pino';

export function createManagerLogger(o: { file: string; vnodeId: string; level?: string }): Logger {
  const dest = pino.destination({ dest: o.file, sync: true, mkdir: true, append: true });
  return pino({ level: o.level ?? 'info' }, dest).child({ vnode: o.vnodeId });
}
