import "server-only";
import fs from "node:fs";
import { z } from "zod";
import { ConfigError } from "@/lib/errors";
import { pemCertificateError } from "./ldap-syntax";
import { SERVER_ENV_ALIASES, serverEnvSchema, type ServerEnv } from "./server-env";
import { CA_BUNDLE_MAX_BYTES, SETTING_ALIASES, SETTING_FILE_VARIABLES, SETTING_KEYS, settingsShape, type Settings } from "./settings";

type Env = Record<string, string | undefined>;

/** A variable's raw value: NAME, else the trimmed contents of the file NAME_FILE points at. */
function rawValue(env: Env, name: string): string | undefined {
  // An empty variable (common in compose files) means "not set".
  if (env[name] !== undefined && env[name] !== "") return env[name];
  const file = env[`${name}_FILE`];
  if (file === undefined || file === "") return undefined;
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ConfigError(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** The first of `name` and its aliases that is set, with the name it was found under (for error messages). */
function lookup(env: Env, name: string, aliases: readonly string[] = []): { name: string; value: string | undefined } {
  for (const candidate of [name, ...aliases]) {
    const value = rawValue(env, candidate);
    if (value !== undefined) return { name: candidate, value };
  }
  return { name, value: undefined };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A PEM bundle named by a path variable (LDAP_TLS_CA_FILE), with what is wrong with it in plain words. */
function readCertificateFile(variable: string, file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
    if (size <= CA_BUNDLE_MAX_BYTES) {
      const text = fs.readFileSync(file, "utf8");
      const problem = pemCertificateError(text);
      if (problem) throw new ConfigError(`${variable}: ${file} is not a PEM certificate bundle (${problem})`);
      return text;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  throw new ConfigError(`${variable}: ${file} is too large (${megabytes(size)}); a CA bundle may be at most ${megabytes(CA_BUNDLE_MAX_BYTES)}`);
}

function validate<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ConfigError(`Invalid environment variable ${name}: ${result.error.issues[0]?.message ?? "invalid value"}`);
  }
  return result.data;
}

export function readServerEnv(env: Env = process.env): ServerEnv {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(serverEnvSchema.shape)) {
    const { name, value } = lookup(env, key, SERVER_ENV_ALIASES[key as keyof ServerEnv]);
    out[key] = validate(name, schema as z.ZodType, value);
  }
  return out as ServerEnv;
}

/** The application settings given in the environment (only those present). */
export function readSettingsEnv(env: Env = process.env): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    let { name, value } = lookup(env, key, SETTING_ALIASES[key]);
    const pathVariable = SETTING_FILE_VARIABLES[key];
    if (value === undefined && pathVariable && env[pathVariable]) {
      name = pathVariable;
      value = readCertificateFile(pathVariable, env[pathVariable]!);
    }
    if (value === undefined) continue;
    out[key] = validate(name, settingsShape[key] as z.ZodType, value);
  }
  return out as Partial<Settings>;
}

/** Validates the whole environment; throws a ConfigError naming the first bad variable. */
export function validateEnvironment(env: Env = process.env): { server: ServerEnv; settings: Partial<Settings> } {
  return { server: readServerEnv(env), settings: readSettingsEnv(env) };
}
