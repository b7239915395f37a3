// The CLI's local channel: the socket sits in a private 0700 directory, is 0600 from the start, and
// the CLI refuses a directory or socket another OS user could have made or can reach.
import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AppContext } from "@/lib/context";
import { callLocalChannel, localChannelDirectory, startLocalChannel, type ChannelRequest } from "./channel";

const OTHER_UID = 54321;
const asRoot = process.getuid?.() === 0;

const servers: net.Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(name = "data"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pid-channel-"));
  dirs.push(root);
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { mode: 0o755 });
  return dir;
}

/** A server whose commands print their arguments; `received` lists every request that reached it. */
async function startServer(dir: string) {
  const received: ChannelRequest[] = [];
  const server = await startLocalChannel(dir, {} as AppContext, async (request, _ctx, io) => {
    received.push(request);
    io.out(`ran ${request.command} ${request.args.join(" ")}`);
    return 3;
  });
  servers.push(server);
  return received;
}

async function call(dir: string) {
  const out: string[] = [];
  const code = await callLocalChannel(dir, { command: "one-time-access-token", args: ["alice"] }, { out: (line) => out.push(line), err: (line) => out.push(line) });
  return { code, out };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("local channel", () => {
  it("puts the socket (0600) in a 0700 directory of DATA_DIR and relays the command", async () => {
    const dir = dataDir();
    const umask = process.umask(0o022);
    try {
      const received = await startServer(dir);
      expect(process.umask(0o022)).toBe(0o022); // restored after creating the socket
      const channel = localChannelDirectory(dir);
      expect(channel).toBe(path.join(dir, "channel"));
      expect(mode(channel)).toBe(0o700);
      expect(mode(path.join(channel, "pocket-id.sock"))).toBe(0o600);
      expect(await call(dir)).toEqual({ code: 3, out: ["ran one-time-access-token alice"] });
      expect(received).toHaveLength(1);
    } finally {
      process.umask(umask);
    }
  });

  it("tightens its own channel directory left open to others", async () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, "channel"), { mode: 0o777 });
    fs.chmodSync(path.join(dir, "channel"), 0o777);
    await startServer(dir);
    expect(mode(path.join(dir, "channel"))).toBe(0o700);
  });

  it.runIf(asRoot)("refuses to start in a directory another user created (needs root to chown)", async () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, "channel"), { mode: 0o700 });
    fs.chownSync(path.join(dir, "channel"), OTHER_UID, OTHER_UID);
    await expect(startServer(dir)).rejects.toThrow(`${path.join(dir, "channel")} is owned by uid ${OTHER_UID}, not by this user (uid 0) or root`);
  });

  it("the CLI refuses a channel directory open to other users and sends nothing", async () => {
    const dir = dataDir();
    const received = await startServer(dir);
    fs.chmodSync(path.join(dir, "channel"), 0o755);
    await expect(call(dir)).rejects.toThrow(`${path.join(dir, "channel")} is open to other users (mode 0755); it must be 0700`);
    expect(received).toEqual([]);
  });

  it.runIf(asRoot)("the CLI refuses a socket or directory owned by another user (needs root to chown)", async () => {
    const dir = dataDir();
    const received = await startServer(dir);
    const channel = path.join(dir, "channel");
    const socket = path.join(channel, "pocket-id.sock");
    fs.lchownSync(socket, OTHER_UID, OTHER_UID);
    await expect(call(dir)).rejects.toThrow(`${socket} is owned by uid ${OTHER_UID}, not by this user (uid 0) or root`);
    fs.lchownSync(socket, 0, 0);
    fs.chownSync(channel, OTHER_UID, OTHER_UID);
    await expect(call(dir)).rejects.toThrow(`${channel} is owned by uid ${OTHER_UID}`);
    expect(received).toEqual([]);
  });

  it("with a DATA_DIR too long for a socket path uses a fresh private directory, never a predictable one", async () => {
    const dir = dataDir("d".repeat(120));
    await startServer(dir);
    const first = localChannelDirectory(dir);
    expect(first.startsWith(os.tmpdir())).toBe(true);
    expect(mode(first)).toBe(0o700);
    expect(await call(dir)).toEqual({ code: 3, out: ["ran one-time-access-token alice"] });
    dirs.push(first);

    await new Promise((resolve) => servers.pop()!.close(resolve));
    await startServer(dir);
    const second = localChannelDirectory(dir);
    dirs.push(second);
    expect(second).not.toBe(first);
    expect(await call(dir)).toEqual({ code: 3, out: ["ran one-time-access-token alice"] });
  });
});
