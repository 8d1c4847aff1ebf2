// `tbvnode status [<id>] [--json]`: what this host runs — per vnode its state
// (booting, running, halted, failed, orphaned), boss state, pids, IPs, uptime,
// limits and backend; failed vnodes with their last error; a host line. Read only.
import { validateVnodeId } from '@tbvnode/core';
import type { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-status.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { createHostRuntime, loadHostBackend, type HostRuntime } from '../runtime/host-runtime.js';
import { createCliLogger } from '../runtime/logger.js';
import { resolveSettings } from '../settings/settings.js';
import { collectStatus, type AskBackend } from '../status/collect.js';
import { formatStatus } from '../status/format-status.js';
import { guard } from './common.js';

export function addStatusCommand(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  program
    .command('status')
    .argument('[vnode]', 'only this vnode')
    .description('list the vnodes on this host: state, boss state, pids, IPs, uptime, limits, backend')
    .option('--json', 'print JSON (stable; its "version" key changes when its shape does)')
    .action(async (only: string | undefined, o: { json?: boolean }, cmd: Command) => {
      setStatus(
        await guard('tbvnode status', deps, async () => {
          const g = cmd.optsWithGlobals<{ root?: string; backend?: string }>();
          const settings = statusSettings(g, deps);
          const rt = createHostRuntime(settings.root, createCliLogger(deps.stderr, false), deps);
          const id = only === undefined ? undefined : validateVnodeId(only);
          const report = await collectStatus(rt, {
            configuredBackend: settings.backend, now: Date.now(), askBackend: backendAsker(rt, deps), ...(id ? { only: id } : {}),
          });
          if (id !== undefined && report.vnodes.length === 0) throw new CliError('NO_SUCH_VNODE', `no vnode ${id} on this host (under ${rt.paths.root})`);
          deps.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
          return EXIT.OK;
        }),
      );
    });
}

// Each backend loaded once, on first use; its state() is read only.
function backendAsker(rt: HostRuntime, deps: CliDeps): AskBackend {
  const loaded = new Map<string, ReturnType<typeof loadHostBackend>>();
  return async (name, vnode) => {
    let b = loaded.get(name);
    if (b === undefined) loaded.set(name, (b = loadHostBackend(rt, name, {}, deps)));
    return (await b).backend.state(vnode);
  };
}

// Status reads files only: a platform without a default backend still gets one.
function statusSettings(g: { root?: string; backend?: string }, deps: CliDeps) {
  try {
    return resolveSettings({ flags: g, env: deps.env, platform: deps.platform });
  } catch (err) {
    if ((err as { code?: string }).code !== 'NO_DEFAULT_BACKEND') throw err;
    return resolveSettings({ flags: { ...g, backend: 'process' }, env: deps.env, platform: deps.platform });
  }
}
