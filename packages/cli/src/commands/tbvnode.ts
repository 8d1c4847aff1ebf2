// `tbvnode <command>`: operator tools beyond Emulab's two commands.
import type { CliDeps } from '../runtime/cli-deps.js';
import { baseProgram, parseArgsAsync } from './common.js';
import { addDoctorCommand } from './doctor.js';
import { addExecCommands } from './exec.js';
import { addHostCommands } from './host.js';
import { addLogsCommands } from './logs.js';
import { addStatusCommand } from './status.js';

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  let status = 0;
  const setStatus = (n: number) => {
    status = n;
  };
  const program = baseProgram('tbvnode', deps).description('tbvnode operator tools').showHelpAfterError();
  addStatusCommand(program, deps, setStatus);
  addDoctorCommand(program, deps, setStatus);
  addExecCommands(program, deps, setStatus);
  addHostCommands(program, deps, setStatus);
  addLogsCommands(program, deps, setStatus);
  const early = await parseArgsAsync(program, argv);
  return early ?? status;
}
