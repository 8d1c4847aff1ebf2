// Pure: the status report as an operator's table (`incus list`-like), a host
// line first and hints last.
import type { StatusReport } from './collect.js';
import type { VnodeRow } from './vnode-row.js';

export function formatUptime(s: number | null): string {
  if (s === null) return '-';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d${String(Math.floor((s % 86400) / 3600)).padStart(2, '0')}h`;
}

function limits(l: VnodeRow['limits']): string {
  return l ? Object.entries(l).map(([k, v]) => `${k}=${String(v)}`).join(',') : '-';
}

function hostLine(r: StatusReport): string {
  const h = r.host;
  const prepared = h.preparedAt ? `prepared ${h.preparedAt}` : 'not prepared this boot';
  const steps = h.hostSteps.length > 0 ? ` (${h.hostSteps.join(', ')})` : '';
  const last = h.lastBootvnodes
    ? `; last bootvnodes: ${h.lastBootvnodes.finishedAt} ${h.lastBootvnodes.ok} ok, ${h.lastBootvnodes.failed} failed`
    : '';
  return `host ${h.root}: backend ${h.backend}, ${prepared}${steps}${last}`;
}

export function formatStatus(r: StatusReport): string {
  const out = [hostLine(r)];
  if (r.vnodes.length === 0) return `${out[0]}\nno vnodes on this host\n`;
  const header = ['VNODE', 'STATE', 'BOSS', 'BACKEND', 'MANAGER', 'INIT', 'CONTROL IP', 'EXPERIMENT IPS', 'UPTIME', 'LIMITS', 'STEPS'];
  const body = r.vnodes.map((v) => [
    v.vnodeId, v.state, v.bossState ?? '-', `${v.backend} (${v.backendState ?? '?'})`, v.managerPid === null ? v.manager : `${v.managerPid}${v.manager === 'running' ? '' : ` (${v.manager})`}`,
    v.initPid === null ? '-' : String(v.initPid), v.controlIp ?? '-',
    v.experimentIps.map((e) => (e.lan ? `${e.ip} (${e.lan})` : e.ip)).join(', ') || '-',
    formatUptime(v.uptimeSeconds), limits(v.limits), String(v.stepsInPlace),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  out.push(line(header), ...body.map(line));
  const notes = r.vnodes.flatMap((v) => [
    ...(v.lastError ? [`${v.vnodeId} failed at ${v.lastError.at}: ${v.lastError.reason} (log: ${v.log})`] : []),
    ...(v.hint ? [`${v.vnodeId}: ${v.hint}`] : []),
  ]);
  if (notes.length > 0) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}
