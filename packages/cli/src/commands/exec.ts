// `tbvnode exec <id> -- cmd…` and `tbvnode shell <id>`: enter a running vnode
// as its backend says (nsenter for Linux, jexec for FreeBSD, its root dir for
// the process backend), with a clean environment and the operator's terminal.
import { validateVnodeId } from '@tbvnode/core';
import type { Command } from 'commander';
import type { CliDeps } from '../runtime/cli-deps.js';
import { runInVnode } from '../runtime/enter-vnode.js';
import { createHostRuntime } from '../runtime/host-runtime.js';
import { createCliLogger } from '../runtime/logger.js';
import { shellArgv } from '../runtime/vnode-env.js';
import { resolveSettings } from '../settings/settings.js';
import { guard, usage } from './common.js';

export function addExecCommands(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  const run = async (name: string, cmd: Command, id: string, argv: readonly string[]): Promise<void> => {
    setStatus(
      await guard(`tbvnode ${name}`, deps, async () => {
        const g = cmd.optsWithGlobals<{ root?: string; backend?: string }>();
        const settings = resolveSettings({ flags: g, env: deps.env, platform: deps.platform });
        const rt = createHostRuntime(settings.root, createCliLogger(deps.stderr, false, deps.stderrIsTTY === true), deps);
        const [file, ...rest] = argv;
        if (file === undefined) throw usage(`tbvnode ${name}: a command is required, e.g. tbvnode exec ${id} -- hostname`);
        return runInVnode(rt, deps, { id: validateVnodeId(id), configuredBackend: settings.backend, argv: [file, ...rest] });
      }),
    );
  };
  program
    .command('exec')
    .description('run a command inside a running vnode (clean environment; exit status is the command\'s)')
    .argument('<vnode>', 'the vnode')
    .argument('<command...>', 'the command and its arguments (after --)')
    .action((id: string, argv: string[], _o: unknown, cmd: Command) => run('exec', cmd, id, argv));
  program
    .command('shell')
    .description("a login shell inside a running vnode, on a pty of the vnode's own when run from a terminal")
    .argument('<vnode>', 'the vnode')
    .action((id: string, _o: unknown, cmd: Command) => run('shell', cmd, id, shellArgv(deps.stdinIsTTY === true)));
}
