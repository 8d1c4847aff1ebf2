// The edge: the only place that reads process state, then hands it to main().
import { main } from '../cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  root: process.env['TBVNODE_ROOT'] ?? '/',
});
