import { main } from '../soak.js';

process.exitCode = await main(process.argv.slice(2));
