// The demo's status table: pure formatting of what was gathered.
export interface VnodeRow {
  readonly vnodeId: string;
  readonly bossState: string;
  readonly managerPid: string;
  readonly controlIp: string;
  readonly experimentIps: readonly string[];
}

const HEADERS = ['vnode', 'state at boss', 'manager pid', 'control IP', 'experiment IPs'] as const;

export function formatStatusTable(rows: readonly VnodeRow[]): string {
  const cells = rows.map((r) => [r.vnodeId, r.bossState, r.managerPid, r.controlIp, r.experimentIps.join(', ') || '-']);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
