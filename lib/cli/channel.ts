// The local channel: in embedded mode the running server owns the database, so the CLI sends it
// the command over a Unix socket. The socket lives in a private directory (0700) of the server's
// OS user, and the CLI checks that directory and the socket's owner before it sends anything.
import "server-only";
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

const SOCKET_NAME = "pocket-id.sock";
const MAX_SOCKET_PATH = 100; // sun_path is 108 bytes on Linux

const preferredDirectory = (dataDir: string) => path.join(path.resolve(dataDir), "channel");
/** When DATA_DIR's path is too long for a socket address, this file names the random directory used instead. */
const pointerFile = (dataDir: string) => path.join(path.resolve(dataDir), "channel-directory");
const fitsSocketPath = (directory: string) => path.join(directory, SOCKET_NAME).length <= MAX_SOCKET_PATH;

/** The socket's directory as the CLI finds it. */
export function localChannelDirectory(dataDir: string): string {
  const preferred = preferredDirectory(dataDir);
  if (fitsSocketPath(preferred)) return preferred;
  try {
    return fs.readFileSync(pointerFile(dataDir), "utf8").trim();
  } catch {
    throw new Error(`no local channel is recorded in ${pointerFile(dataDir)}`);
  }
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Refuses a channel another OS user could have made or can reach: the directory must be a real
 * directory owned by this user (or root) with no access for group or others, the socket a socket
 * owned by this user (or root).
 */
function assertPrivateChannel(directory: string, socketPath?: string): void {
  const uid = process.getuid?.();
  const trusted = (owner: number) => uid === undefined || owner === uid || owner === 0;
  const owner = (what: string, owned: number) => `${what} is owned by uid ${owned}, not by this user (uid ${uid}) or root`;
  const folder = fs.lstatSync(directory);
  if (!folder.isDirectory()) throw new Error(`${directory} is not a directory`);
  if (!trusted(folder.uid)) throw new Error(owner(directory, folder.uid));
  if (folder.mode & 0o077) throw new Error(`${directory} is open to other users (mode ${octal(folder.mode)}); it must be 0700`);
  if (socketPath === undefined) return;
  const socket = fs.lstatSync(socketPath);
  if (!socket.isSocket()) throw new Error(`${socketPath} is not a socket`);
  if (!trusted(socket.uid)) throw new Error(owner(socketPath, socket.uid));
}

/** Creates (or re-checks) the private directory for the server's socket and returns the socket's path. */
function prepareChannelDirectory(dataDir: string): string {
  let directory = preferredDirectory(dataDir);
  if (fitsSocketPath(directory)) {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const existing = fs.lstatSync(directory);
    if (existing.isDirectory() && existing.uid === process.getuid?.()) fs.chmodSync(directory, 0o700);
    fs.rmSync(pointerFile(dataDir), { force: true });
  } else {
    // A fresh directory with a random name (mkdtemp creates it 0700), never a predictable shared path.
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-"));
    fs.writeFileSync(pointerFile(dataDir), directory, { mode: 0o600 });
  }
  assertPrivateChannel(directory);
  return path.join(directory, SOCKET_NAME);
}

export type CommandRunner = (request: ChannelRequest, ctx: AppContext, io: CommandIO) => Promise<number>;

export async function startLocalChannel(dataDir: string, ctx: AppContext, runCommand: CommandRunner): Promise<net.Server> {
  const socketPath = prepareChannelDirectory(dataDir);
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
    // The socket is bound inside listen(): under this umask it is 0600 from its first moment.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  return server;
}

/**
 * Sends one command to the running server and relays its output. Resolves to the exit code. The
 * channel is checked first: the command (and what it prints, e.g. a login link) must not go to or
 * come from another user's socket.
 */
export function callLocalChannel(dataDir: string, request: ChannelRequest, io: CommandIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const directory = localChannelDirectory(dataDir);
    const socketPath = path.join(directory, SOCKET_NAME);
    assertPrivateChannel(directory, socketPath);
    const socket = net.connect(socketPath);
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
