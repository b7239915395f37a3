// Child processes of the slapd harness: the server itself, the ldap-utils/openssl tools, and a
// watchdog that kills slapd and removes its temp dir when this process dies in any way
// (vitest kills workers with signals, which skip 'exit' handlers).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import { Client } from "ldapts";
import type { SlapdPaths } from "./slapd-config";

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/** LDAPNOINIT: ignore /etc/ldap/ldap.conf and ~/.ldaprc, whose TLS or BASE settings would leak in. */
const TOOL_ENV = { ...process.env, LDAPNOINIT: "1" };

/** Runs a command to completion, feeding `input` on stdin; rejects with its stderr on failure. */
const FREEZE_TIMEOUT_MS = 10_000;

export function runTool(command: string, args: readonly string[], input?: string | Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: TOOL_ENV, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    // EPIPE when the tool exits early on bad input: its exit code and stderr tell the real story.
    child.stdin.on("error", () => {});
    child.on("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on("close", (code, signal) => {
      const result = { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
      if (code === 0) resolve(result);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`}): ${(result.stderr || result.stdout).trim()}`));
    });
    child.stdin.end(input ?? "");
  });
}

/** Distinct free TCP ports on 127.0.0.1 (bound together, so the kernel cannot hand out one twice). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

// Last resort for a graceful exit (process.exit, end of a script that forgot stop()).
const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of liveChildren) child.kill("SIGKILL");
    for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

export function trackDir(dir: string): void {
  installExitHook();
  liveDirs.add(dir);
}
export function untrackDir(dir: string): void {
  liveDirs.delete(dir);
}

/**
 * A shell that waits for EOF on a pipe only we hold open. EOF comes when this process exits,
 * however it dies (even SIGKILL); the shell then kills the pid in `pidFile` and removes `dir`.
 * Detached so a Ctrl-C to the process group does not kill it before it cleans up.
 */
export function startWatchdog(dir: string, pidFile: string): ChildProcess {
  const script = 'cat >/dev/null; pid=$(cat "$2" 2>/dev/null) && kill -KILL "$pid" 2>/dev/null; rm -rf "$1"';
  const child = spawn("/bin/sh", ["-c", script, "slapd-watchdog", dir, pidFile], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  child.on("error", () => {}); // a missing /bin/sh only loses the crash cleanup, never the server
  // Neither the child nor its pipe may keep the event loop alive.
  child.unref();
  (child.stdin as unknown as net.Socket | null)?.unref();
  return child;
}

const STDERR_TAIL = 16_384;

/** One run of slapd in the foreground (`-d none`: errors only, on stderr). */
export class SlapdProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  private stderrTail = "";
  private frozen = false;

  constructor(slapdPath: string, conf: string, urls: readonly string[], private readonly pidFile: string) {
    installExitHook();
    this.child = spawn(slapdPath, ["-f", conf, "-h", urls.join(" "), "-d", "none"], {
      env: TOOL_ENV,
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.on("error", () => {}); // reported below through the missing pid or the exit code
    if (this.child.pid === undefined) throw new Error(`Could not start ${slapdPath}`);
    this.pid = this.child.pid;
    liveChildren.add(this.child);
    fs.writeFileSync(pidFile, String(this.pid));
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", () => {
        liveChildren.delete(this.child);
        // The watchdog must never SIGKILL a recycled pid.
        fs.rmSync(pidFile, { force: true });
        resolve();
      });
    });
    // A forgotten server must not keep a script alive; the watchdog/exit hook cleans up.
    this.child.unref();
    (this.child.stderr as net.Socket | null)?.unref();
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitDescription(): string {
    return this.child.signalCode ?? `exit code ${this.child.exitCode}`;
  }

  /** What slapd printed on stderr (errors only), for failure messages. */
  get output(): string {
    return this.stderrTail.trim();
  }

  /**
   * SIGSTOP: the kernel still accepts connections, slapd never answers (timeout tests). Resolves once
   * every thread of slapd has stopped: the signal takes effect asynchronously, and on a loaded machine
   * a request sent right after kill() has been seen answered.
   */
  async freeze(): Promise<void> {
    if (!this.running || !this.child.kill("SIGSTOP")) return;
    this.frozen = true;
    const deadline = Date.now() + FREEZE_TIMEOUT_MS;
    while (!(await this.allThreadsStopped())) {
      if (Date.now() > deadline) throw new Error(`slapd (pid ${this.pid}) did not stop within ${FREEZE_TIMEOUT_MS} ms of SIGSTOP`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Every thread in state T (stopped) or t (traced), per /proc/PID/task/TID/stat. */
  private async allThreadsStopped(): Promise<boolean> {
    const tasks = await fsp.readdir(`/proc/${this.pid}/task`).catch(() => [] as string[]);
    const states = await Promise.all(
      tasks.map((tid) => fsp.readFile(`/proc/${this.pid}/task/${tid}/stat`, "utf8").then((stat) => stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3), () => "")),
    );
    return states.length > 0 && states.every((state) => state === "T" || state === "t");
  }

  thaw(): void {
    if (this.frozen && this.child.kill("SIGCONT")) this.frozen = false;
  }

  /** Graceful SIGTERM (MDB closes cleanly); SIGKILL if it has not exited within `timeoutMs`. */
  async terminate(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return this.exited;
    this.thaw();
    this.child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const late = await this.whileRef(Promise.race([this.exited.then(() => false), timedOut]));
    clearTimeout(timer);
    if (late) await this.kill();
  }

  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.whileRef(this.exited);
  }

  /** The child is unref'd; while someone awaits its exit, node must not quit under them. */
  private async whileRef<T>(promise: Promise<T>): Promise<T> {
    this.child.ref();
    try {
      return await promise;
    } finally {
      this.child.unref();
    }
  }
}

export class PortInUseError extends Error {}

export async function slapadd(slapaddPath: string, paths: SlapdPaths, ldifText: string): Promise<void> {
  // -q: no consistency checks and one big transaction — the fast path for bulk loads.
  await runTool(slapaddPath, ["-q", "-f", paths.conf] /* LDIF on stdin */, ldifText);
}

/** Starts slapd and polls (no fixed sleeps) until it accepts an admin bind. */
export async function launch(
  slapdPath: string, paths: SlapdPaths, ports: readonly number[], adminDn: string, adminPassword: string, timeoutMs: number,
): Promise<SlapdProcess> {
  const [port, tlsPort] = ports;
  const proc = new SlapdProcess(slapdPath, paths.conf, [`ldap://127.0.0.1:${port}/`, `ldaps://127.0.0.1:${tlsPort}/`], paths.pidFile);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (!proc.running) {
      await proc.exited;
      if (/errno=98|Address already in use/.test(proc.output)) {
        throw new PortInUseError(`port ${port} or ${tlsPort} is taken by another process: ${proc.output}`);
      }
      throw new Error(`slapd exited during startup (${proc.exitDescription}): ${proc.output || "no output"}`);
    }
    // slapd writes its pidfile only after binding its listeners, so a bind that succeeds
    // afterwards cannot have reached another worker's server on a recycled port.
    const pidText = await fsp.readFile(paths.slapdPidFile, "utf8").catch(() => "");
    if (pidText.trim() === String(proc.pid)) {
      const client = new Client({ url: `ldap://127.0.0.1:${port}`, connectTimeout: 1000, timeout: 2000 });
      try {
        await client.bind(adminDn, adminPassword);
        return proc;
      } catch (error) {
        lastError = error;
      } finally {
        await client.unbind().catch(() => {});
      }
    }
    if (Date.now() > deadline) {
      await proc.kill();
      const why = lastError instanceof Error ? lastError.message : "no pidfile";
      throw new Error(`slapd did not answer within ${timeoutMs} ms (${why}): ${proc.output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
