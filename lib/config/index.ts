import "server-only";
import { inArray, sql } from "drizzle-orm";
import { appConfig } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { decryptSecret, encryptSecret } from "./secrets";
import { DEFAULT_SETTINGS, SECRET_SETTINGS, SETTING_KEYS, settingsShape, type SettingKey, type Settings } from "./settings";

export type SettingSource = "environment" | "database" | "default";

export interface EffectiveSettings {
  values: Settings;
  sources: Record<SettingKey, SettingSource>;
  /** true when UI_CONFIG_DISABLED: the environment is the only source and the UI is read-only. */
  readOnly: boolean;
}

/**
 * Saved settings from app_config (secrets decrypted). Rows that no longer validate are ignored, and
 * so is a secret that cannot be decrypted (the encryption key changed): the page then shows it as
 * not set, so an admin can enter it again, instead of every page failing.
 */
export async function readStoredSettings(ctx: Pick<AppContext, "db" | "encryptionKey" | "log">): Promise<Partial<Settings>> {
  const rows = await ctx.db.select().from(appConfig);
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (!(row.key in settingsShape)) continue;
    const key = row.key as SettingKey;
    let raw: string;
    try {
      raw = row.encrypted ? decryptSecret(ctx.encryptionKey, key, row.value) : row.value;
    } catch (error) {
      ctx.log.error("Ignoring a stored secret that cannot be decrypted; enter it again", { setting: key, error: (error as Error).message });
      continue;
    }
    const parsed = settingsShape[key].safeParse(raw);
    if (parsed.success) stored[key] = parsed.data;
    else ctx.log.warn("Ignoring invalid stored setting", { setting: key });
  }
  return stored as Partial<Settings>;
}

/**
 * Effective settings. With UI_CONFIG_DISABLED: environment, then default. Otherwise: value saved
 * in app_config, then environment, then default (so env vars seed a fresh install).
 */
export async function getSettings(ctx: AppContext): Promise<EffectiveSettings> {
  const readOnly = ctx.server.UI_CONFIG_DISABLED;
  const stored = readOnly ? {} : await readStoredSettings(ctx);
  const values = { ...DEFAULT_SETTINGS } as Record<SettingKey, unknown>;
  const sources = {} as Record<SettingKey, SettingSource>;
  for (const key of SETTING_KEYS) {
    if (stored[key] !== undefined) {
      values[key] = stored[key];
      sources[key] = "database";
    } else if (ctx.envSettings[key] !== undefined) {
      values[key] = ctx.envSettings[key];
      sources[key] = "environment";
    } else sources[key] = "default";
  }
  return { values: values as Settings, sources, readOnly };
}

/** Writes settings to app_config in one statement; secrets are encrypted. No authorisation here. */
export async function storeSettings(ctx: Pick<AppContext, "db" | "encryptionKey">, values: Partial<Settings>): Promise<void> {
  const rows = Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = String(value);
      const encrypted = SECRET_SETTINGS.has(key as SettingKey);
      return { key, value: encrypted ? encryptSecret(ctx.encryptionKey, key, text) : text, encrypted, updatedAt: new Date() };
    });
  if (rows.length === 0) return;
  await ctx.db
    .insert(appConfig)
    .values(rows)
    .onConflictDoUpdate({
      target: appConfig.key,
      set: { value: sqlExcluded("value"), encrypted: sqlExcluded("encrypted"), updatedAt: sqlExcluded("updated_at") },
    });
}

export async function deleteStoredSettings(ctx: Pick<AppContext, "db">, keys: SettingKey[]): Promise<void> {
  if (keys.length) await ctx.db.delete(appConfig).where(inArray(appConfig.key, keys));
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}
