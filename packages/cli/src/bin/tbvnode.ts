import { main } from '../commands/tbvnode.js';
import { nodeCliDeps } from '../runtime/node-cli-deps.js';
process.exitCode = await main(process.argv.slice(2), nodeCliDeps());
