// The wire format between a fake FreeBSD host living in a test process and a
// manager running as a real child process (so that it can be SIGKILLed): one
// JSON object per line. Requests carry an id; the server answers with the same
// id, and pushes 'proc' events (a fake process started or ended) unasked.
import type { MountEntry, ProcessExit } from '@tbvnode/core';

export type FakeHostRequest =
  /** env: the caller's whole environment (a jexec without -l passes it into the jail). */
  | { readonly id: number; readonly op: 'run'; readonly argv: readonly string[]; readonly env?: Readonly<Record<string, string>> }
  | { readonly id: number; readonly op: 'start'; readonly argv: readonly string[]; readonly stdout?: unknown; readonly stderr?: unknown; readonly detached?: boolean }
  | { readonly id: number; readonly op: 'kill'; readonly pid: number; readonly signal: NodeJS.Signals | 0 }
  | { readonly id: number; readonly op: 'startToken'; readonly pid: number }
  | { readonly id: number; readonly op: 'groupMembers'; readonly pgid: number }
  | { readonly id: number; readonly op: 'mounts' };

export interface RunReply {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type FakeHostReply =
  | { readonly id: number; readonly ok: true; readonly value: RunReply | number | boolean | string | null | readonly number[] | readonly MountEntry[] | undefined }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code?: string; readonly message: string; readonly exitCode?: number | null; readonly stderr?: string } };

export interface ProcEvent {
  readonly event: 'proc';
  readonly pid: number;
  readonly alive: boolean;
  readonly exit?: ProcessExit;
}

/** Splits a stream into lines, calling `onLine` for each complete one. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk.toString('utf8');
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line !== '') onLine(line);
    }
  };
}
