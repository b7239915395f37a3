import "server-only";
import fs from "node:fs";
import { z } from "zod";
import { ConfigError } from "@/lib/errors";
import { serverEnvSchema, type ServerEnv } from "./server-env";
import { SETTING_ALIASES, SETTING_FILE_VARIABLES, SETTING_KEYS, settingsShape, type Settings } from "./settings";

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

function validate<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ConfigError(`Invalid environment variable ${name}: ${result.error.issues[0]?.message ?? "invalid value"}`);
  }
  return result.data;
}

export function readServerEnv(env: Env = process.env): ServerEnv {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(serverEnvSchema.shape)) {
    out[name] = validate(name, schema as z.ZodType, rawValue(env, name));
  }
  return out as ServerEnv;
}

/** The application settings given in the environment (only those present). */
export function readSettingsEnv(env: Env = process.env): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    let name: string = key;
    let value = rawValue(env, key);
    for (const alias of SETTING_ALIASES[key] ?? []) {
      if (value === undefined && rawValue(env, alias) !== undefined) {
        name = alias;
        value = rawValue(env, alias);
      }
    }
    const pathVariable = SETTING_FILE_VARIABLES[key];
    if (value === undefined && pathVariable && env[pathVariable]) {
      name = pathVariable;
      try {
        value = fs.readFileSync(env[pathVariable]!, "utf8");
      } catch (error) {
        throw new ConfigError(`${pathVariable}: cannot read ${env[pathVariable]} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
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
