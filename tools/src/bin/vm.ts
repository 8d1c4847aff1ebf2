import { main } from '../vm/cli.js';

process.exitCode = await main(process.argv.slice(2));
