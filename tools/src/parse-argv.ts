// commander for the tools' flags: --help and usage errors are printed by
// commander and become an exit status instead of an exception.
import { CommanderError, type Command } from 'commander';

/** Parses argv; returns null to go on, or the status to exit with. */
export function parseArgvOrStatus(cmd: Command, argv: readonly string[]): number | null {
  try {
    cmd.exitOverride().parse([...argv], { from: 'user' });
    return null;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
}
