// The report lives in the vnode's config dir (next to jailconfig), so
// `tbvnode status --json` and later phases read it without asking the host again.
import path from 'node:path';
import { ifExists, type CoreFs } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import type { CapabilityReport } from './types.js';

const REPORT_FILE = 'capabilities.json';

function reportPath(configDir: string): string {
  return path.join(configDir, REPORT_FILE);
}

export async function writeCapabilityReport(fs: Pick<CoreFs, 'writeFile' | 'rename'>, configDir: string, report: CapabilityReport): Promise<void> {
  const file = reportPath(configDir);
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  await fs.rename(`${file}.tmp`, file);
}

/** The report create() wrote; undefined when there is none (not created yet, or another backend). */
export async function readCapabilityReport(fs: Pick<CoreFs, 'readFile'>, configDir: string): Promise<CapabilityReport | undefined> {
  const text = await ifExists(fs.readFile(reportPath(configDir), 'utf8'));
  return text === undefined ? undefined : (JSON.parse(text) as CapabilityReport);
}

export async function requireCapabilityReport(fs: Pick<CoreFs, 'readFile'>, configDir: string): Promise<CapabilityReport> {
  const r = await readCapabilityReport(fs, configDir);
  if (!r) throw new FreebsdJailError('FBSD_NO_REPORT', `no ${REPORT_FILE} in ${configDir}: create() must run first`);
  return r;
}
