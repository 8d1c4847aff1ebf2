// `tbvnode-manager [-d] [--root <dir>] [--backend <name>] <vnodeid>`: one vnode's
// manager, as `vnodesetup -b` (and bootvnodes) start it, detached in its own
// session, its output in var/emulab/logs/tbvnode-<id>.log. Not for operators:
// vnodesetup -h/-k/-r signal it; `vnodesetup -d -b` runs the same in the foreground.
import { validateVnodeId } from '@tbvnode/core';
import type { CliDeps } from '../runtime/cli-deps.js';
import { runManagerMode } from '../runtime/manager-mode.js';
import { resolveSettings } from '../settings/settings.js';
import { baseProgram, guard, parseArgs } from './common.js';

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = baseProgram('tbvnode-manager', deps)
    .description("run one vnode's manager (started by vnodesetup -b; signal it with vnodesetup -h/-k/-r)")
    .helpOption('--help', 'show this help')
    .argument('<vnodeid>', 'the vnode, e.g. pcvm1-1')
    .option('-d', 'log at debug level');
  program.action(() => undefined);
  const early = parseArgs(program, argv);
  if (early !== undefined) return early;
  return guard('tbvnode-manager', deps, async () => {
    const vnodeId = validateVnodeId(program.args[0] as string);
    const flags = program.opts<{ root?: string; backend?: string; d?: boolean }>();
    const settings = resolveSettings({ flags, env: deps.env, platform: deps.platform });
    return runManagerMode({ vnodeId, root: settings.root, backend: settings.backend, debug: flags.d === true, cli: deps });
  });
}
