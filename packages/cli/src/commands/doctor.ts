// `tbvnode doctor`: the backend's read-only prerequisite checks, so an operator
// learns what is missing before a boot fails half way, and whether the host is
// still prepared as recorded (drift is repaired by the next boot; shown, not fatal).
import type { Command } from 'commander';
import { EXIT } from '../errors/exit-status.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime, openCliHost } from '../runtime/host-runtime.js';
import { createCliLogger } from '../runtime/logger.js';
import { resolveSettings } from '../settings/settings.js';
import { guard } from './common.js';

export function addDoctorCommand(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  program
    .command('doctor')
    .description("check this host's prerequisites for the backend")
    .option('--json', 'print the probe report as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      setStatus(
        await guard('tbvnode doctor', deps, async () => {
          const g = cmd.optsWithGlobals<{ root?: string; backend?: string }>();
          const settings = resolveSettings({ flags: g, env: deps.env, platform: deps.platform });
          const rt = createHostRuntime(settings.root, createCliLogger(deps.stderr, false), deps);
          const host = await openCliHost(rt, deps, { backend: settings.backend });
          const report = await host.backend.probe(host.context);
          const drift = await host.checkPrepared();
          if (o.json) deps.stdout.write(`${JSON.stringify({ ...report, hostPreparation: { drift } }, null, 2)}\n`);
          else {
            deps.stdout.write(`backend ${report.backend}: ${report.usable ? 'usable' : 'NOT usable'}\n`);
            for (const c of report.checks) deps.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}\n`);
            if (drift.length === 0) deps.stdout.write('  ok   host prepared as recorded\n');
            for (const d of drift) deps.stdout.write(`  DRIFT host preparation: ${d} (the next boot prepares the host again)\n`);
          }
          return report.usable ? EXIT.OK : EXIT.UNAVAILABLE;
        }),
      );
    });
}
