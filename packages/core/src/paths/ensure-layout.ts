// Create the host's directory layout under the root (idempotent), so later code
// and before/after comparisons never depend on who created a directory first.
import type { CoreFs } from '../deps.js';
import type { HostPaths } from './layout.js';

export async function ensureHostLayout(fs: Pick<CoreFs, 'mkdir'>, host: HostPaths): Promise<void> {
  for (const dir of [host.jailsDir, host.bootDir, host.logsDir, host.runDir, host.hostStateDir, host.allocDir, host.locksDir]) {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  }
}
