// Test helpers for the production bundle: run scripts/package.mjs into a folder, start its server the
// way the container image does (`node server.js` in the bundle, DATA_DIR outside the read-only tree),
// run its CLI, and read the embedded database once the server stopped.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { openDatabase, type Database } from "@/lib/db/client";

export const root = path.resolve(import.meta.dirname, "../..");
/** The project's Node 24 (the package `node`), which npm scripts also run on. */
export const node = fs.existsSync(path.join(root, "node_modules/.bin/node")) ? fs.realpathSync(path.join(root, "node_modules/.bin/node")) : process.execPath;

/** Runs a process to its end; rejects with its output when it fails. */
export function runToEnd(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: options.env ?? process.env, uid: options.uid, gid: options.gid, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${path.basename(args[0] ?? command)} exited ${code}\n${stdout}\n${stderr}`))));
  });
}

/** `npm run build -- OUT`: the same script the Dockerfile runs. */
export async function packageBundle(out: string): Promise<void> {
  await runToEnd(node, [path.join(root, "scripts/package.mjs"), out]);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface BundleServer {
  url: string;
  logs: string[];
  /** Resolves to the exit code once the process ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves when a log line matches. */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts `node server.js` in the bundle `app` and waits for /api/health. */
export async function startBundle(app: string, env: Record<string, string>, user?: { uid: number; gid: number }): Promise<BundleServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(node, [path.join(app, "server.js")], {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: "/nonexistent", PORT: String(port), HOST: "127.0.0.1", APP_URL: url, ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    ...user,
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const server: BundleServer = {
    url,
    logs,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    logged: (pattern, timeoutMs = 60_000) => waitFor(`a log line ${pattern}`, timeoutMs, async () => logs.find((line) => pattern.test(line))),
  };
  try {
    await waitFor("/api/health", 90_000, async () => {
      if (child.exitCode !== null) return "exited";
      return (await fetch(`${url}/api/health`)).ok ? "ok" : undefined;
    }).then((state) => {
      if (state === "exited") throw new Error(`exited with ${child.exitCode}`);
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`The bundle's server did not start (${(error as Error).message}):\n${logs.join("\n")}`);
  }
  return server;
}

/** Opens the embedded database of a stopped server (which also proves the server let go of it). */
export async function withEmbeddedDatabase<T>(dataDir: string, body: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}
