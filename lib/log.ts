// logfmt lines on stdout: `level=INFO msg="..." key=value`. Secrets are redacted by field name.
import "server-only";
import logfmt from "logfmt";
import { escapeControls } from "@/lib/security/text";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;
export type LogFields = Record<string, string | number | boolean | null | undefined | Date>;

const SECRET_FIELD = /pass(word)?|secret|token|cookie|authorization|encryption_?key|credential/i;

function threshold(): number {
  const level = (process.env.LOG_LEVEL ?? "info").toLowerCase() as LogLevel;
  return LEVELS[level] ?? LEVELS.info;
}

export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  const record: Record<string, string | number | boolean | null> = { level: level.toUpperCase(), msg };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (SECRET_FIELD.test(key)) record[key] = "[redacted]";
    else if (value instanceof Date) record[key] = value.toISOString();
    // One line per event, and no terminal escapes from outside text (an LDAP server's error message).
    else record[key] = typeof value === "string" ? escapeControls(value.replace(/[\r\n]+/g, " ")) : value;
  }
  return logfmt.stringify(record);
}

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  if (LEVELS[level] < threshold()) return;
  process.stdout.write(formatLogLine(level, msg, fields) + "\n");
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => write("error", msg, fields),
};
export type Logger = typeof log;
