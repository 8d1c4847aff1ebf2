// `tbvnode logs <id> [-f] [--manager|--console] [--since T] [--json]` and
// `tbvnode console <id>`: a vnode's manager log (kept under var/emulab/logs
// after -k) or its console, readable lines on a terminal, raw with --json.
import { stat } from 'node:fs/promises';
import { hostPaths, ifExists, validateVnodeId, vnodePaths } from '@tbvnode/core';
import type { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-status.js';
import { followFile } from '../logs/follow-file.js';
import { formatLogLine, parseLogLine } from '../logs/log-lines.js';
import { readTail } from '../logs/read-tail.js';
import { parseSince } from '../logs/since.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { resolveSettings } from '../settings/settings.js';
import { guard, usage } from './common.js';

interface LogsOptions {
  follow?: boolean;
  manager?: boolean;
  console?: boolean;
  since?: string;
  json?: boolean;
}

export function addLogsCommands(program: Command, deps: CliDeps, setStatus: (n: number) => void): void {
  const run = (cmd: Command, id: string, o: LogsOptions) =>
    guard('tbvnode logs', deps, async () => {
      if (o.manager && o.console) throw usage('--manager and --console exclude each other');
      const g = cmd.optsWithGlobals<{ root?: string }>();
      const root = resolveSettings({ flags: { root: g.root, backend: 'process' }, env: deps.env, platform: deps.platform }).root;
      const vid = validateVnodeId(id);
      const vp = vnodePaths(hostPaths(root), vid);
      const present = (f: string): Promise<boolean> => ifExists(stat(f).then(() => true), false, ['ENOTDIR']);
      // A killed vnode's console was kept in the host's logs dir.
      const file = !o.console ? vp.managerLog : (await present(vp.consoleLog)) || o.follow ? vp.consoleLog : vp.keptConsoleLog;
      const since = o.since === undefined ? undefined : parseSince(o.since, Date.now());
      const exists = await present(file);
      if (!exists && !o.follow) throw new CliError('NO_SUCH_VNODE', `no ${o.console ? 'console' : 'manager'} log for ${vid}: ${file}`);
      // The console is the vnode's own output: shown as it is (it may be anything).
      const show = (line: string): void => {
        if (since !== undefined && !o.console) {
          const e = parseLogLine(line);
          if (e && e.time < since) return;
        }
        deps.stdout.write(`${o.json || o.console ? line : formatLogLine(line)}\n`);
      };
      const text = (await readTail(file, 4 * 1024 * 1024)) ?? '';
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const l of lines) show(l);
      if (o.follow) {
        const size = exists ? (await stat(file)).size : 0;
        await followFile(file, size, show, deps.stopSignal?.() ?? new AbortController().signal);
      }
      return EXIT.OK;
    }).then(setStatus);
  program
    .command('logs')
    .description("a vnode's manager log (default) or console; kept under var/emulab/logs after the vnode is killed")
    .argument('<vnode>', 'the vnode')
    .option('-f, --follow', 'keep printing new lines (Ctrl-C ends)')
    .option('--manager', "the manager's log (default)")
    .option('--console', "the vnode's console (its rc's output)")
    .option('--since <time>', 'only lines since 10m, 2h, 1d ago or a date (manager log)')
    .option('--json', "raw JSON lines, as the manager wrote them")
    .action((id: string, o: LogsOptions, cmd: Command) => run(cmd, id, o));
  program
    .command('console')
    .description("follow a vnode's console (same as logs --console -f)")
    .argument('<vnode>', 'the vnode')
    .action((id: string, _o: unknown, cmd: Command) => run(cmd, id, { console: true, follow: true }));
}
