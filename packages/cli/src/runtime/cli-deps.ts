// Everything a command reads from the outside world, gathered once in the bin
// (node-cli-deps.ts) and passed down, so commands run in tests with fakes.
import type { BackendOptions, SignalSource } from '@tbvnode/core';
import type { ImportModule } from '../backend/load-backend.js';

export interface Output {
  write(text: string): unknown;
}

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly stdout: Output;
  readonly stderr: Output;
  // import() resolved from the CLI package, for backends.
  readonly importModule: ImportModule;
  // argv prefixes that run our own bins (node + bin script): bootvnodes backgrounds
  // itself, vnodesetup -b starts a vnode's manager.
  readonly self: { readonly manager: readonly [string, ...string[]]; readonly bootvnodes: readonly [string, ...string[]] };
  // The process's signals, for the manager mode.
  readonly signals: SignalSource;
  // Backend options known at the edge (this node binary, tmcc's bundle), under
  // what the operator sets in TBVNODE_BACKEND_OPTIONS.
  readonly backendDefaults?: BackendOptions;
  // @tbvnode/cli's version, for --version.
  readonly version?: string;
  // Whether this process runs as root (errors say "needs root" when it does not).
  readonly isRoot?: boolean;
  // Whether stdout is a terminal (progress and colours only then).
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly stdinIsTTY?: boolean;
  // A signal aborted by SIGINT/SIGTERM from the call on (ends `tbvnode logs -f`
  // cleanly); only commands that follow call it, so others keep the default Ctrl-C.
  readonly stopSignal?: () => AbortSignal;
}
