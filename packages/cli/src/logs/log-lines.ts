// Pure: pino's JSON lines (the manager's and bootvnodes' logs) turned into what
// an operator reads — a local time, a level word, the message and the fields —
// and the last error in a log, for failure reasons shown inline.

export interface LogEntry {
  readonly time: number;
  readonly level: number;
  readonly msg: string;
  // Every other field except pino's own (pid/hostname are the same on every line).
  readonly fields: Readonly<Record<string, unknown>>;
  readonly errMessage?: string;
}

const LEVELS: ReadonlyArray<readonly [number, string]> = [[60, 'FATAL'], [50, 'ERROR'], [40, 'WARN'], [30, 'INFO'], [20, 'DEBUG'], [10, 'TRACE']];
const OWN = new Set(['level', 'time', 'msg', 'hostname', 'err', 'v']);

// pino writes its own pid first; a later "pid" field (a vnode's init) wins in
// JSON.parse, so the field is kept only when it is not the logger's own.
function loggerPid(line: string): number | undefined {
  const m = /^\{"level":\d+,"time":\d+,"pid":(\d+),/.exec(line);
  return m ? Number(m[1]) : undefined;
}

export function parseLogLine(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch (err) {
    // JSON.parse throws nothing else: a torn last line (a crash mid-write) is shown as it is.
    if (!(err instanceof SyntaxError)) throw err;
    return undefined;
  }
  if (typeof o !== 'object' || o === null || typeof o['time'] !== 'number' || typeof o['level'] !== 'number') return undefined;
  const own = loggerPid(line);
  const fields = Object.fromEntries(Object.entries(o).filter(([k, v]) => !OWN.has(k) && !(k === 'pid' && (v === own || own === undefined))));
  const err = o['err'] as { message?: unknown } | undefined;
  const errMessage = typeof err?.message === 'string' ? err.message : undefined;
  return { time: o['time'], level: o['level'], msg: typeof o['msg'] === 'string' ? o['msg'] : '', fields, ...(errMessage === undefined ? {} : { errMessage }) };
}

export function levelName(level: number): string {
  return LEVELS.find(([n]) => level >= n)?.[1] ?? 'TRACE';
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

// Local time, as syslog and journalctl show it; utc for tests.
export function formatTime(ms: number, utc = false): string {
  const d = new Date(ms);
  const [y, mo, da, h, mi, s, milli] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(milli, 3)}`;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

/** One readable line; lines that are not pino's JSON come through unchanged. */
export function formatLogLine(line: string, utc = false): string {
  const e = parseLogLine(line);
  if (!e) return line;
  const fields = Object.entries(e.fields).map(([k, v]) => `${k}=${show(v)}`).join(' ');
  const err = e.errMessage === undefined ? '' : `: ${firstLine(e.errMessage)}`;
  return `${formatTime(e.time, utc)} ${levelName(e.level).padEnd(5)} ${e.msg}${err}${fields ? `  ${fields}` : ''}`;
}

export function firstLine(s: string, max = 300): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last error (level >= 50) at or after `sinceMs`: its time and one-line reason. */
export function lastError(text: string, sinceMs = 0): { time: number; reason: string } | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const e = parseLogLine(lines[i] ?? '');
    if (!e || e.level < 50) continue;
    if (e.time < sinceMs) return undefined;
    return { time: e.time, reason: firstLine(e.errMessage ?? e.msg) };
  }
  return undefined;
}
