// The edge: the only place that reads process state, then hands it to main().
import { main } from '../cli/main.js';
import { createFdWriter } from '../util/fd-writer.js';

main(process.argv.slice(2), {
  stdout: createFdWriter(1, () => process.stdout),
  stderr: createFdWriter(2, () => process.stderr),
  env: process.env,
  invokedAs: process.argv[1],
  root: process.env['TBVNODE_ROOT'] ?? '/',
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tmcc: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 255;
  },
);
