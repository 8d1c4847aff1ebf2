// The one dependency object every core function and backend receives. Built once
// at the edge (the CLI's main, or a test) and passed down: no module-level
// loggers, runners or process.env reads in libraries.
import type * as fsp from 'node:fs/promises';
import type { Logger } from 'pino';
import type { CommandRunner } from './runner/types.js';

/** The subset of node:fs/promises core uses; tests may wrap it to inject faults. */
export type CoreFs = Pick<
  typeof fsp,
  | 'access' | 'appendFile' | 'chmod' | 'chown' | 'copyFile' | 'cp' | 'link' | 'lstat' | 'mkdir'
  | 'open' | 'readFile' | 'readdir' | 'readlink' | 'realpath' | 'rename' | 'rm' | 'rmdir' | 'stat'
  | 'symlink' | 'truncate' | 'unlink' | 'utimes' | 'writeFile'
>;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Wait; rejects with the signal's reason when aborted. Used only for polling with a deadline. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Processes by pid: what we need to supervise processes we did not spawn in this life. */
export interface ProcessTable {
  /** Send a signal; false when no such process (ESRCH). A negative pid signals the group. */
  kill(pid: number, signal: NodeJS.Signals | 0): boolean;
  /** false for no such process, and (where the platform can tell) for a zombie. */
  isAlive(pid: number): boolean;
  /**
   * An opaque token that changes when the pid is reused (Linux: field 22 of
   * /proc/<pid>/stat; FreeBSD: `ps -o lstart`). null when the process does not exist
   * or is a zombie (dead, not yet reaped), or the platform cannot tell.
   */
  startToken(pid: number): Promise<string | null>;
  /**
   * The process's argv (Linux: /proc/<pid>/cmdline); null when it does not exist
   * or the platform cannot tell. With startToken, proves a pid file's pid is still
   * the manager that wrote it before anyone signals it.
   */
  commandLine?(pid: number): Promise<readonly string[] | null>;
  /**
   * Live (non-zombie) members of a process group, where the platform can list them
   * (Linux: /proc). Lets teardown wait until a stopped group has really exited
   * before it unmounts what those processes used.
   */
  groupMembers?(pgid: number): Promise<number[]>;
  /**
   * Like groupMembers, with each member's start token read together with its group
   * (one /proc/<pid>/stat read). Lets an undo tell the children a dead leader left
   * behind from processes that are not ours.
   */
  listGroupMembers?(pgid: number): Promise<readonly GroupMember[]>;
  readonly selfPid: number;
}

/** A live member of a process group, as one read of the process table saw it. */
export interface GroupMember {
  readonly pid: number;
  readonly pgid: number;
  /** Same meaning as ProcessTable.startToken. */
  readonly startToken: string | null;
}

export interface MountEntry {
  /** Mount point, absolute, with escapes (\040 …) decoded. */
  readonly target: string;
  readonly source: string;
  readonly fstype: string;
  readonly options: readonly string[];
}

/** The kernel's mount table (Linux /proc/self/mountinfo, FreeBSD `mount -p`). */
export interface MountTable {
  read(): Promise<readonly MountEntry[]>;
}

export interface CoreDeps {
  readonly runner: CommandRunner;
  readonly log: Logger;
  readonly fs: CoreFs;
  readonly clock: Clock;
  readonly proc: ProcessTable;
  readonly mounts: MountTable;
}
