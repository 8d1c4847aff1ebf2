// The edge: the only place that reads process state, then hands it to main().
import { main } from '../cli/main.js';

const stop = new AbortController();
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => stop.abort());

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  root: process.env['TBVNODE_ROOT'] ?? '/',
  signal: stop.signal,
  platform: process.platform,
});
