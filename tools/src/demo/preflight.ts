// Before the demo touches anything: ask the real CLI's `tbvnode doctor` whether
// this host can run the Linux backend, and name everything missing in one line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

interface DoctorReport {
  readonly usable: boolean;
  readonly checks: readonly DoctorCheck[];
}

/** Pure: undefined when the host is usable, else one line naming what is missing. */
export function preflightLine(report: DoctorReport): string | undefined {
  if (report.usable) return undefined;
  const missing = report.checks.filter((c) => !c.ok).map((c) => (c.detail ? `${c.name} (${c.detail})` : c.name));
  const pkgs = [...new Set(report.checks.flatMap((c) => (!c.ok && c.detail?.startsWith('install ') ? [c.detail.slice(8)] : [])))];
  const fix = pkgs.length > 0 ? `; on Debian: apt-get install ${pkgs.join(' ')}` : '';
  return `demo: this host cannot run Linux vnodes yet: ${missing.join(', ')}${fix}`;
}

export async function runPreflight(tbvnodeBin: string): Promise<string | undefined> {
  const run = promisify(execFile);
  // doctor exits 69 when the host is not usable; its JSON is on stdout either way.
  const r = await run(process.execPath, [tbvnodeBin, 'doctor', '--backend', 'linux-vserver', '--json'], { timeout: 30_000 })
    .catch((e: { stdout?: string; message: string }) => {
      if (typeof e.stdout === 'string' && e.stdout.startsWith('{')) return { stdout: e.stdout };
      throw new Error(`tbvnode doctor failed: ${e.message}`);
    });
  return preflightLine(JSON.parse(r.stdout) as DoctorReport);
}
