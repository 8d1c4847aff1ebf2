// Pure: what a manager's log says about its latest run — when it started, the
// init pid it booted, the last state boss heard, and its last error.
import { firstLine, parseLogLine } from '../logs/log-lines.js';

export interface ManagerLogFacts {
  readonly startedAt?: number;
  readonly initPid?: number;
  // As reported by the manager (BOOTING, SHUTDOWN, TBFAILED), or ISUP when the
  // vnode's own `tmcc state` went through the proxy after that.
  readonly bossState?: string;
  readonly lastError?: { readonly time: number; readonly reason: string };
}

export function managerLogFacts(text: string): ManagerLogFacts {
  const lines = text.split('\n');
  let start = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (parseLogLine(lines[i] ?? '')?.msg === 'manager started') {
      start = i;
      break;
    }
  }
  let startedAt: number | undefined;
  let initPid: number | undefined;
  let bossState: string | undefined;
  let lastError: ManagerLogFacts['lastError'];
  for (const line of lines.slice(start)) {
    const e = parseLogLine(line);
    if (!e) continue;
    if (e.msg === 'manager started') startedAt = e.time;
    const pid = e.fields['pid'];
    if (e.msg === 'vnode booted' && typeof pid === 'number') initPid = pid;
    if (e.msg === 'reported state to boss' && typeof e.fields['state'] === 'string') bossState = e.fields['state'];
    if (e.msg === 'request' && e.fields['command'] === 'state' && e.fields['outcome'] === 'ok' && bossState === 'BOOTING') bossState = 'ISUP';
    if (e.level >= 50) lastError = { time: e.time, reason: firstLine(e.errMessage ?? e.msg) };
  }
  return {
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(initPid === undefined ? {} : { initPid }),
    ...(bossState === undefined ? {} : { bossState }),
    ...(lastError === undefined ? {} : { lastError }),
  };
}
