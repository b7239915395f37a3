import "server-only";
import type { AppContext } from "@/lib/context";
import type { ChannelRequest } from "./channel";
import { findCommand } from "./commands";
import { UsageError, type CommandIO } from "./types";

/** Dispatches a parsed request; shared by the CLI's direct path and the server side of the channel. */
export async function runCommand(request: ChannelRequest, ctx: AppContext, io: CommandIO): Promise<number> {
  const command = findCommand(request.command);
  if (!command) throw new UsageError(`Unknown command "${request.command}". Run with --help to list commands.`);
  return command.run(request.args, ctx, io);
}
