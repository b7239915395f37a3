import type { AppContext } from "@/lib/context";

/** Where a command writes: results to `out` (stdout), progress and errors to `err` (stderr). */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** false for commands that never touch the app database (they skip the lock and channel). */
  needsDatabase?: boolean;
  /** Needs the embedded database to itself: refused while the server runs, never sent over the channel. */
  exclusive?: boolean;
  /** Runs in the CLI's own process before the request goes anywhere (e.g. resolves file paths). */
  localArgs?(args: string[]): string[];
  run(args: string[], ctx: AppContext, io: CommandIO): Promise<number>;
}

/** A usage mistake: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}
