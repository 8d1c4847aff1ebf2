// The entry of the bundled CLI (scripts/bundle.mjs -> dist/bin/cli.cjs): the four
// commands in one CommonJS file with a V8 code cache, because every vnode's manager
// is a fresh `tbvnode-manager` process and loading the unbundled ESM graph
// (execa, pino, core, the backend) cost it ~0.25 s of CPU. Not part of the tsc build.
import * as freebsdJail from '@tbvnode/backend-freebsd-jail';
import * as linuxVserver from '@tbvnode/backend-linux-vserver';
import { bundledImportModule } from '../backend/bundled-backends.js';
import type { ImportModule } from '../backend/load-backend.js';
import { main as bootvnodes } from '../commands/bootvnodes.js';
import { main as manager } from '../commands/manager.js';
import { main as tbvnode } from '../commands/tbvnode.js';
import { main as vnodesetup } from '../commands/vnodesetup.js';
import type { CliDeps } from '../runtime/cli-deps.js';
import { installedVersion, nodeCliDeps } from '../runtime/node-cli-deps.js';

// Filled in by the bundler from each backend's package.json.
declare const TBVNODE_BUNDLED_VERSIONS: Readonly<Record<string, string>>;

const COMMANDS: Readonly<Record<string, (argv: readonly string[], deps: CliDeps) => Promise<number>>> = {
  bootvnodes,
  tbvnode,
  vnodesetup,
  'tbvnode-manager': manager,
};

const bundled = new Map([
  ['@tbvnode/backend-linux-vserver', { version: TBVNODE_BUNDLED_VERSIONS['@tbvnode/backend-linux-vserver'] ?? '', module: linuxVserver }],
  ['@tbvnode/backend-freebsd-jail', { version: TBVNODE_BUNDLED_VERSIONS['@tbvnode/backend-freebsd-jail'] ?? '', module: freebsdJail }],
]);

/**
 * Runs one command; resolves to its exit status. `importModule` is the bin's own
 * import(): code in the bundle runs without a module loader of its own.
 */
export function run(command: string, argv: readonly string[], importModule: ImportModule): Promise<number> {
  const main = COMMANDS[command];
  if (main === undefined) throw new Error(`no such command: ${command}`);
  return main(argv, nodeCliDeps({ importModule: bundledImportModule({ bundled, installedVersion, fallback: importModule }) }));
}
