// Process-level settings: read from the environment only, validated once at startup.
import { z } from "zod";

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no", ""].includes(v), { error: "must be true or false" })
  .transform((v) => ["true", "1", "yes"].includes(v));

/** A bearer token the operator sets to open an endpoint to machines (unset: closed). */
const operatorToken = z
  .string()
  .refine((v) => v === "" || v.length >= 16, { error: "must be at least 16 characters" })
  .optional()
  .transform((v) => v || undefined);

const PROXY_COUNT_ERROR = "must be a whole number from 1 to 10";

export const serverEnvSchema = z.object({
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://id.example.com" })
    .transform((url) => url.replace(/\/+$/, ""))
    .default("http://localhost:3000"),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => v === "" || /^postgres(ql)?:\/\//.test(v), { error: "must start with postgres:// or postgresql://" })
    .optional()
    .transform((v) => v || undefined),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => v === "" || v.length >= 16, { error: "must be at least 16 characters" })
    .optional()
    .transform((v) => v || undefined),
  UI_CONFIG_DISABLED: booleanFlag.default(false),
  CRON_SECRET: operatorToken,
  // Enables GET /metrics for `Authorization: Bearer $METRICS_TOKEN`; unset, /metrics answers 404.
  METRICS_TOKEN: operatorToken,
  // Whether a reverse proxy is in front (Pocket ID's name). Without one, X-Forwarded-For is the
  // client's own say and is ignored: the client address is the connection's.
  TRUST_PROXY: booleanFlag.default(false),
  // With TRUST_PROXY: how many reverse proxies append to X-Forwarded-For; the client is the entry
  // that many places from the right (anything further left was sent by the client itself).
  TRUSTED_PROXY_COUNT: z.coerce.number({ error: PROXY_COUNT_ERROR }).int({ error: PROXY_COUNT_ERROR }).min(1, { error: PROXY_COUNT_ERROR }).max(10, { error: PROXY_COUNT_ERROR }).default(1),
  // Seconds a running job (an LDAP sync) gets to finish after SIGTERM/SIGINT before it is stopped
  // (docs/operations.md); keep it below the container's stop timeout (Docker: 10 s unless configured).
  SHUTDOWN_GRACE_PERIOD: z.coerce
    .number({ error: "must be a number of seconds" })
    .int({ error: "must be a whole number of seconds" })
    .min(0, { error: "must be 0 or more seconds" })
    .max(3600, { error: "must be at most 3600 seconds" })
    .default(8),
  LOG_LEVEL: z
    .preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }),
    )
    .default("info"),
});

export type ServerEnv = z.output<typeof serverEnvSchema>;

/** Pocket ID's names for server variables whose name here differs; ours wins when both are set. */
export const SERVER_ENV_ALIASES: Partial<Record<keyof ServerEnv, readonly string[]>> = {
  // Pocket ID infers the engine from the string; here only PostgreSQL URLs are accepted (no SQLite).
  DATABASE_URL: ["DB_CONNECTION_STRING"],
};
