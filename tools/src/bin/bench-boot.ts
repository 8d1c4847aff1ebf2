import { main } from '../bench/boot.js';

process.exitCode = await main(process.argv.slice(2));
