// `tbvnode host teardown [--dry-run]`: undo the host's preparation.
import type { Command } from 'commander';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime } from '../runtime/host-runtime.js';
import { teardownHost } from '../runtime/host-teardown.js';
import { createCliLogger } from '../runtime/logger.js';
import { resolveSettings } from '../settings/settings.js';
import { guard } from './common.js';

export function addHostCommands(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  const host = program.command('host').description("the host's own preparation (bridges, aliases, templates)");
  host
    .command('teardown')
    .description('undo what preparing the host did (its journal), newest first; refused while vnodes exist')
    .option('--dry-run', 'print what would be undone, change nothing')
    .action(async (o: { dryRun?: boolean }, cmd: Command) => {
      setStatus(
        await guard('tbvnode host teardown', deps, async () => {
          const g = cmd.optsWithGlobals<{ root?: string; backend?: string }>();
          const settings = resolveSettings({ flags: g, env: deps.env, platform: deps.platform });
          const rt = createHostRuntime(settings.root, createCliLogger(deps.stderr, false, deps.stderrIsTTY === true), deps);
          return teardownHost(rt, deps, { configuredBackend: settings.backend, dryRun: o.dryRun === true, say: (s) => void deps.stdout.write(`${s}\n`) });
        }),
      );
    });
}
