// A real SMTP server for tests, in a child process (smtp-server-child.mjs): STARTTLS on `port`,
// implicit TLS on `tlsPort`, a fresh self-signed certificate (`caCert`), optional credentials, and
// the delivered messages read back and parsed with mailparser.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { generateCertificate } from "../../ldap/testing/slapd-config";
import { freePorts } from "../../ldap/testing/slapd-process";

export interface SmtpRules {
  /** Lower-case addresses the server refuses in MAIL FROM (553). */
  refusedSenders?: string[];
  /** Lower-case addresses the server refuses in RCPT TO (550). */
  refusedRecipients?: string[];
}

export interface SmtpServerOptions {
  /** Credentials the server requires before MAIL FROM; none: anyone may send. */
  user?: string;
  password?: string;
  /** AUTH over a connection without TLS (off: credentials only after STARTTLS, as real servers do). */
  allowInsecureAuth?: boolean;
  rules?: SmtpRules;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Whether the message came over TLS (STARTTLS or implicit). */
  secure: boolean;
  /** The authenticated SMTP user, if any. */
  user: string | null;
  receivedAt: number;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  tlsPort: number;
  caCert: string;
  /** Every message delivered so far, in order. */
  messages: ReceivedMail[];
  /** Resolves once at least `count` messages arrived (or rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  setRules(rules: SmtpRules): Promise<void>;
  clear(): void;
  stop(): Promise<void>;
}

type ChildMessage =
  | { type: "ready" | "rules-set" }
  | { type: "error"; message: string; code?: string }
  | { type: "message"; from: string; to: string[]; secure: boolean; user: string | null; receivedAt: number; raw: string };

const CHILD = path.join(import.meta.dirname, "smtp-server-child.mjs");

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pid-smtp-"));
  const paths = { key: path.join(dir, "key.pem"), cert: path.join(dir, "cert.pem") };
  const caCert = await generateCertificate(paths);
  const key = await fs.readFile(paths.key, "utf8");
  const [port, tlsPort] = await freePorts(2);
  const child: ChildProcess = fork(CHILD, [JSON.stringify({ ...options, port, tlsPort, key, cert: caCert })], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let parsing = Promise.resolve();
  child.on("message", (message: ChildMessage) => {
    if (message.type !== "message") return;
    const raw = Buffer.from(message.raw, "base64").toString("utf8");
    // Parsed in arrival order, so `messages` keeps the order the server accepted them in.
    parsing = parsing.then(async () => {
      messages.push({ ...message, raw, parsed: await simpleParser(raw) });
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === "ready") resolve();
      if (message.type === "error") reject(new Error(`test SMTP server: ${message.message}`));
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`test SMTP server exited (${code})`)));
  });

  const request = (type: "rules-set", send: object) =>
    new Promise<void>((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        resolve();
      };
      child.on("message", onMessage);
      child.send(send);
    });

  return {
    port,
    tlsPort,
    caCert,
    messages,
    waitForMessages(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} messages, got ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    setRules: (rules) => request("rules-set", { type: "rules", rules }),
    clear: () => void messages.splice(0),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
