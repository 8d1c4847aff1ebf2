// Internal to bench:boot: runs the backend half inside the throwaway host's
// network namespace (started there by the bench) and prints its figures as JSON.
import { runBackendPart, type BackendRunInput } from '../bench/boot-backend.js';

const input = JSON.parse(process.argv[2] ?? '{}') as BackendRunInput;
process.stdout.write(`${JSON.stringify(await runBackendPart(input))}\n`);
