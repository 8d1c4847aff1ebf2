// Everything the tmcc command touches outside itself, passed in by the bin (or a test).
import type { BossDeps } from '../boss/fs-deps.js';

export interface Output {
  write(chunk: Uint8Array | string): unknown;
}

export interface CliDeps {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  /** The path the program was started as (process.argv[1]); `tmcc.bin` selects that mode. */
  invokedAs?: string;
  /** Prefix for every file tmcc looks up itself (TBVNODE_ROOT); '/' on a real node. */
  root: string;
  /** Test hooks: resolver and file reads used by boss discovery. */
  boss?: Partial<BossDeps>;
  /** Pause between refused rounds (Emulab: 10 s TCP, 1 s unix). */
  retryDelayMs?: number;
  signal?: AbortSignal;
  /** How tmcc reads its small files (default: synchronously, see util/read-file.ts). */
  readFile?: (path: string) => Promise<Buffer>;
}
