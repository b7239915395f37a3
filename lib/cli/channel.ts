// The local channel: in embedded mode the running server owns the database, so the CLI sends it
// the command over a Unix socket in DATA_DIR (mode 0600: only the same OS user can connect).
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { AppContext } from "@/lib/context";
import { SYSTEM_ACTOR } from "@/lib/context";
import { errorMessage } from "@/lib/errors";
import type { CommandIO } from "./types";

export interface ChannelRequest {
  command: string;
  args: string[];
}
type ChannelEvent = { type: "out" | "err"; text: string } | { type: "exit"; code: number };

const MAX_SOCKET_PATH = 100; // sun_path is 108 bytes on Linux

export function localChannelPath(dataDir: string): string {
  const preferred = path.join(path.resolve(dataDir), "pocket-id.sock");
  if (preferred.length <= MAX_SOCKET_PATH) return preferred;
  const digest = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `pocket-id-${digest}.sock`);
}

export type CommandRunner = (request: ChannelRequest, ctx: AppContext, io: CommandIO) => Promise<number>;

export async function startLocalChannel(dataDir: string, ctx: AppContext, runCommand: CommandRunner): Promise<net.Server> {
  const socketPath = localChannelPath(dataDir);
  fs.rmSync(socketPath, { force: true }); // we hold the data-dir lock, so any socket here is stale
  const server = net.createServer((socket) => {
    const lines = readline.createInterface({ input: socket });
    lines.once("line", async (line) => {
      const send = (event: ChannelEvent) => socket.writable && socket.write(JSON.stringify(event) + "\n");
      let code = 1;
      try {
        const request = JSON.parse(line) as ChannelRequest;
        code = await runCommand(request, { ...ctx, actor: SYSTEM_ACTOR }, {
          out: (text) => send({ type: "out", text }),
          err: (text) => send({ type: "err", text }),
        });
      } catch (error) {
        send({ type: "err", text: errorMessage(error) });
      }
      send({ type: "exit", code });
      socket.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  return server;
}

/** Sends one command to the running server and relays its output. Resolves to the exit code. */
export function callLocalChannel(dataDir: string, request: ChannelRequest, io: CommandIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(localChannelPath(dataDir));
    let exitCode: number | null = null;
    socket.once("error", reject);
    socket.on("connect", () => socket.write(JSON.stringify(request) + "\n"));
    readline.createInterface({ input: socket }).on("line", (line) => {
      const event = JSON.parse(line) as ChannelEvent;
      if (event.type === "exit") exitCode = event.code;
      else io[event.type](event.text);
    });
    socket.on("close", () =>
      exitCode === null ? reject(new Error("the running server closed the local channel without an answer")) : resolve(exitCode),
    );
  });
}
