// Runs a command inside a running vnode, the way its backend says to enter it,
// with a clean environment and the operator's terminal.
import { createNodeDeps, readJournal, readManagerState, isInPlace, vnodePaths, type Argv, type VnodeId } from '@tbvnode/core';
import { CliError } from '../errors/cli-error.js';
import { readTail } from '../logs/read-tail.js';
import { managerLogFacts } from '../status/manager-log-facts.js';
import { vnodeBackend } from '../status/vnode-row.js';
import type { CliDeps } from './cli-deps.js';
import { loadHostBackend, type HostRuntime } from './host-runtime.js';
import { vnodeEnv } from './vnode-env.js';

export async function runInVnode(rt: HostRuntime, cli: CliDeps, o: { id: VnodeId; configuredBackend: string; argv: Argv }): Promise<number> {
  const paths = vnodePaths(rt.paths, o.id);
  const manager = await readManagerState(rt.deps, paths.pidFile, o.id);
  const facts = managerLogFacts((await readTail(paths.managerLog)) ?? '');
  if (manager.kind !== 'running' || facts.initPid === undefined || !rt.deps.proc.isAlive(facts.initPid)) {
    throw new CliError('VNODE_NOT_RUNNING', `${o.id} is not running (see \`tbvnode status ${o.id}\`)`);
  }
  const journal = await readJournal(rt.deps.fs, paths.journal);
  const jailed = !(await rt.deps.fs.access(`${paths.configDir}/fakejail`).then(() => true, () => false));
  const name = vnodeBackend(journal.records.filter(isInPlace), jailed, o.configuredBackend);
  const { backend } = await loadHostBackend(name, cli);
  if (!backend.enterArgv) throw new CliError('VNODE_NOT_RUNNING', `the ${name} backend does not say how to enter its vnodes`);
  const plan = backend.enterArgv({ id: o.id, paths }, facts.initPid, o.argv);
  // A runner whose base environment is the vnode's, not ours.
  const runner = createNodeDeps({ log: rt.log, platform: cli.platform, env: vnodeEnv(cli.env) }).runner;
  const child = await runner.start(plan.argv, {
    stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', ...(plan.cwd === undefined ? {} : { cwd: plan.cwd }),
  });
  const exit = await child.exited;
  return exit.exitCode ?? 128 + signalNumber(exit.signal);
}

function signalNumber(name: string | null): number {
  const n: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return (name && n[name]) || 1;
}
